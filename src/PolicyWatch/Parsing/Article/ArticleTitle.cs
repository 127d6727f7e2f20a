using AngleSharp.Dom;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Parsing.Article;

/// <summary>The headline of an article page.</summary>
internal static class ArticleTitle
{
    /// <summary>
    /// og:title first: publishers set it to the bare headline, while &lt;title&gt; usually carries
    /// the site name too. Then the article's h1, any h1, and &lt;title&gt; as the last resort.
    /// </summary>
    public static string? Find(IDocument document) =>
        NonEmpty(document.QuerySelector("meta[property='og:title']")?.GetAttribute("content"))
        ?? NonEmpty(document.QuerySelector("article h1, main h1")?.TextContent)
        ?? NonEmpty(document.QuerySelector("h1")?.TextContent)
        ?? NonEmpty(document.Title);

    private static string? NonEmpty(string? text) =>
        text is null ? null : HtmlText.CollapseWhitespace(text) is { Length: > 0 } title ? title : null;
}
