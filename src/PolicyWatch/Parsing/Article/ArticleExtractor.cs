using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using PolicyWatch.Parsing.Html;

namespace PolicyWatch.Parsing.Article;

/// <summary>
/// Keeps the main text of an article page: the elements a configured selector picks, else the
/// densest block of prose found by a readability-style heuristic, with the boilerplate dropped.
/// </summary>
public static class ArticleExtractor
{
    /// <summary>Shorter than this, what the heuristic found is a teaser or a stub, not an article.</summary>
    public const int MinimumTextLength = 200;

    /// <param name="pageUrl">Where the page was fetched from. The text does not depend on it today; it is part of the contract so link-aware extraction can come without changing callers.</param>
    /// <param name="selector">The source's <c>extract</c> selector; null to find the main text by heuristic.</param>
    /// <returns>null when nothing substantial was found (or the selector matched nothing).</returns>
    /// <exception cref="HtmlSelectException">The selector is not valid CSS, or the page is nested too deep to read.</exception>
    public static ExtractedArticle? Extract(string html, Uri pageUrl, string? selector)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        PageDepth.EnsureReadable(html);
        var document = new HtmlParser().ParseDocument(html);
        var title = ArticleTitle.Find(document);
        var paragraphs = selector is null ? MainText(document) : SelectedText(document, selector);
        var text = string.Join("\n\n", paragraphs);
        if (text.Length == 0 || (selector is null && text.Length < MinimumTextLength)) return null;
        return new ExtractedArticle(text, title, Sha256Hex(text));
    }

    private static IReadOnlyList<string> SelectedText(IDocument document, string selector)
    {
        var matches = NamedSelector.Parse("extract", selector).All(document);
        return [.. Outermost(matches).SelectMany(m => Paragraphs.Of(m, dropLinkLists: false))];
    }

    /// <summary>
    /// The matches not nested in another match, whose text they would repeat. Matches come in document order,
    /// so those inside a match follow it before anything outside it: comparing each with the last outermost
    /// match is enough (comparing every pair was quadratic in the number of matches, half a minute for 20,000).
    /// </summary>
    private static IEnumerable<IElement> Outermost(IReadOnlyList<IElement> matches)
    {
        IElement? outer = null;
        foreach (var match in matches)
        {
            if (outer is not null && outer.Contains(match)) continue;
            outer = match;
            yield return match;
        }
    }

    private static IReadOnlyList<string> MainText(IDocument document)
    {
        if (document.Body is not { } body) return [];
        Boilerplate.Remove(body);
        var content = ContentScorer.MainContent(body);
        return [.. content.SelectMany(e => Paragraphs.Of(e, dropLinkLists: true))];
    }

    private static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
