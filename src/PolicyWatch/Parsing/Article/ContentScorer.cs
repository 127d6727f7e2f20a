using AngleSharp.Dom;
using PolicyWatch.Normalizing;
using PolicyWatch.Parsing.Html;

namespace PolicyWatch.Parsing.Article;

/// <summary>
/// Finds the block that holds the article, readability-style: every paragraph of prose scores its
/// parent and, less, its grandparents; link-heavy blocks and furniture-named blocks lose score;
/// the best block wins, with the siblings that clearly belong to it.
/// </summary>
internal static class ContentScorer
{
    private const int MinimumParagraphLength = 25;

    private static readonly HashSet<string> ScoredTags = ["p", "pre", "td", "div", "section", "blockquote"];

    /// <summary>The winning block and its related siblings, in document order; empty when the page has no prose.</summary>
    public static IReadOnlyList<IElement> MainContent(IElement body)
    {
        var scores = new Dictionary<IElement, double>();
        foreach (var paragraph in body.QuerySelectorAll("*").Where(IsParagraph))
            Credit(paragraph, scores);
        if (scores.Count == 0) return [];

        var ranked = scores.ToDictionary(s => s.Key, s => s.Value * (1 - LinkDensity(s.Key)));
        var top = ranked.MaxBy(s => s.Value).Key;
        return WithSiblings(top, ranked);
    }

    /// <summary>A block of prose: a paragraph, or a div with text and no blocks inside (a paragraph in disguise).</summary>
    private static bool IsParagraph(IElement element) =>
        ScoredTags.Contains(element.LocalName)
        && (element.LocalName is "p" or "pre" || !element.Children.Any(HtmlBlocks.IsBlock))
        && ElementText.Of(element).Length >= MinimumParagraphLength;

    private static void Credit(IElement paragraph, Dictionary<IElement, double> scores)
    {
        var text = ElementText.Of(paragraph);
        var score = 1 + text.Count(c => c == ',') + Math.Min(text.Length / 100, 3);
        var level = 0;
        for (var ancestor = paragraph.ParentElement; ancestor is not null && level < 3; ancestor = ancestor.ParentElement, level++)
        {
            if (!scores.ContainsKey(ancestor)) scores[ancestor] = InitialScore(ancestor);
            scores[ancestor] += level switch { 0 => score, 1 => score / 2.0, _ => score / (level * 3.0) };
        }
    }

    private static double InitialScore(IElement element) =>
        Boilerplate.ClassWeight(element) + element.LocalName switch
        {
            "article" => 10,
            "div" or "main" or "section" => 5,
            "pre" or "td" or "blockquote" => 3,
            "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" or "address" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };

    /// <summary>Siblings that score close to the winner, or are substantial paragraphs, share its parent in the article.</summary>
    private static IReadOnlyList<IElement> WithSiblings(IElement top, Dictionary<IElement, double> ranked)
    {
        if (top.ParentElement is not { } parent || top.LocalName == "body") return [top];
        var threshold = Math.Max(10, ranked[top] * 0.2);
        return [.. parent.Children.Where(sibling => sibling == top || Belongs(sibling, threshold, ranked))];
    }

    private static bool Belongs(IElement sibling, double threshold, Dictionary<IElement, double> ranked)
    {
        if (ranked.TryGetValue(sibling, out var score) && score >= threshold) return true;
        if (sibling.LocalName != "p") return false;
        var text = ElementText.Of(sibling);
        var density = LinkDensity(sibling);
        return (text.Length > 80 && density < 0.25) || (text.Length > 0 && density == 0 && text.EndsWith('.'));
    }

    /// <summary>The share of an element's text that is link text.</summary>
    public static double LinkDensity(IElement element)
    {
        var length = ElementText.Of(element).Length;
        if (length == 0) return 0;
        var linked = element.QuerySelectorAll("a").Sum(a => HtmlText.CollapseWhitespace(a.TextContent).Length);
        return Math.Min(1, (double)linked / length);
    }
}
