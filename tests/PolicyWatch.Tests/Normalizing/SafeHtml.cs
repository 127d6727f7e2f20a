using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace PolicyWatch.Tests.Normalizing;

/// <summary>
/// Checks sanitizer output the way an attacker's payload would meet it: parsed again by a
/// browser-grade parser, then searched for anything that can run script or load a page.
/// </summary>
internal static class SafeHtml
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> AllowedElements =
    [
        "p", "br", "hr", "div", "span", "a", "img", "figure", "figcaption", "em", "strong", "b", "i", "u",
        "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "q", "dfn", "time", "code", "kbd",
        "samp", "var", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "details", "summary",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "h3", "h4", "h5", "h6",
    ];

    private static readonly HashSet<string> UrlAttributes =
        ["href", "src", "cite", "action", "formaction", "srcset", "background", "poster", "data", "lowsrc", "dynsrc", "xlink:href", "codebase", "longdesc", "ping"];

    /// <summary>Fails the test when <paramref name="html"/> holds a script-capable construct.</summary>
    public static void Assert(string? html, string because)
    {
        if (html is null) return;
        var body = Parser.ParseDocument("<!DOCTYPE html><body>" + html).Body!;
        foreach (var element in body.QuerySelectorAll("*"))
        {
            Xunit.Assert.True(element.NamespaceUri == NamespaceNames.HtmlUri, $"{because}: foreign element <{element.LocalName}> in {html}");
            Xunit.Assert.True(AllowedElements.Contains(element.LocalName), $"{because}: element <{element.LocalName}> in {html}");
            foreach (var attribute in element.Attributes)
                AssertAttribute(element, attribute, because, html);
        }
        Xunit.Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertAttribute(IElement element, IAttr attribute, string because, string html)
    {
        var name = attribute.Name.ToLowerInvariant();
        Xunit.Assert.False(name.StartsWith("on", StringComparison.Ordinal), $"{because}: event handler {name} in {html}");
        Xunit.Assert.False(name is "style" or "class" or "id" or "srcdoc" or "target" or "formaction", $"{because}: attribute {name} in {html}");
        if (!UrlAttributes.Contains(name)) return;
        var value = attribute.Value;
        var isSafe = value.StartsWith("http://", StringComparison.Ordinal)
            || value.StartsWith("https://", StringComparison.Ordinal)
            || value.StartsWith("mailto:", StringComparison.Ordinal)
            || (element.LocalName == "img" && name == "src" && value.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)
                && !value.StartsWith("data:image/svg", StringComparison.OrdinalIgnoreCase));
        Xunit.Assert.True(isSafe, $"{because}: {name}=\"{value}\" on <{element.LocalName}> in {html}");
    }
}
