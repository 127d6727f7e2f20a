using System.Collections.Frozen;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace PolicyWatch.Normalizing;

/// <summary>
/// Parses feed HTML the way a browser parses the inside of a &lt;body&gt;, and names the
/// element groups the sanitizer and the plain-text reader share.
/// </summary>
internal static class HtmlFragment
{
    // One parser for the process: ParseDocument builds a fresh tree builder per call, so
    // sharing it across crawler threads is safe and saves re-creating the browsing context.
    // Scripting on, as in a reader's browser: <noscript> content is raw text to drop, and an
    // unclosed <noscript> cannot swallow the rest of an item.
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = true });

    /// <summary>Elements removed together with everything inside them: they run code, load things or are not content.</summary>
    public static readonly FrozenSet<string> DroppedWithContents = FrozenSet.ToFrozenSet(
    [
        "script", "style", "iframe", "frame", "frameset", "noframes", "object", "embed", "applet", "param",
        "base", "meta", "link", "head", "title", "noscript", "noembed", "template", "slot", "svg", "math",
        "form", "input", "button", "select", "option", "optgroup", "datalist", "textarea", "keygen",
        "isindex", "output", "fieldset", "legend", "canvas", "video", "audio", "source", "track",
        "map", "area", "dialog", "portal", "xmp",
    ], StringComparer.Ordinal);

    /// <summary>Phrase elements that sit inside a line of text; every other element separates words.</summary>
    public static readonly FrozenSet<string> Inline = FrozenSet.ToFrozenSet(
    [
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
        "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong",
        "sub", "sup", "time", "tt", "u", "var", "wbr",
    ], StringComparer.Ordinal);

    /// <summary>The nodes of an HTML fragment, parsed as the content of a body element.</summary>
    public static IElement ParseBody(string html)
    {
        // The doctype keeps the parser out of quirks mode; the explicit <body> makes head-only
        // tags in the input (meta, base, style...) land in the body where the walkers see them.
        var document = Parser.ParseDocument("<!DOCTYPE html><body>" + html);
        return document.Body!;
    }

    /// <summary>True for an element of the HTML namespace (not SVG or MathML content).</summary>
    public static bool IsHtml(IElement element) => element.NamespaceUri == NamespaceNames.HtmlUri;
}
