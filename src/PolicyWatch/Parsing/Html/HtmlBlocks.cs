using AngleSharp.Dom;

namespace PolicyWatch.Parsing.Html;

/// <summary>What kind of box an HTML element makes, for turning markup into text.</summary>
internal static class HtmlBlocks
{
    private static readonly HashSet<string> Blocks =
    [
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul",
    ];

    private static readonly HashSet<string> NeverText =
        ["script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed", "video", "audio", "head"];

    public static bool IsBlock(IElement element) => Blocks.Contains(element.LocalName);

    /// <summary>Elements whose content is never read as text: code, embeds, and things hidden from readers.</summary>
    public static bool IsInvisible(IElement element) =>
        NeverText.Contains(element.LocalName)
        || element.HasAttribute("hidden")
        || element.GetAttribute("aria-hidden") == "true"
        || IsDisplayNone(element.GetAttribute("style"));

    private static bool IsDisplayNone(string? style) =>
        style is not null
        && style.Replace(" ", "", StringComparison.Ordinal).Contains("display:none", StringComparison.OrdinalIgnoreCase);
}
