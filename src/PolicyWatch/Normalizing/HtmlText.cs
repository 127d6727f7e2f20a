using System.Text;
using AngleSharp.Html.Parser;

namespace PolicyWatch.Normalizing;

/// <summary>Plain text from HTML fragments, for search, tagging and titles.</summary>
public static class HtmlText
{
    private static readonly HtmlParser Parser = new();

    public static string? ToPlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return null;
        if (html.IndexOfAny(['<', '&']) < 0) return CollapseWhitespace(html);
        var document = Parser.ParseDocument("<body></body>");
        var nodes = Parser.ParseFragment(html, document.Body!);
        var builder = new StringBuilder();
        foreach (var node in nodes)
            if (node is not AngleSharp.Dom.IElement { LocalName: "script" or "style" })
                builder.Append(' ').Append(node.TextContent);
        var text = CollapseWhitespace(builder.ToString());
        return text.Length == 0 ? null : text;
    }

    public static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { space = builder.Length > 0; continue; }
            if (space) builder.Append(' ');
            builder.Append(c);
            space = false;
        }
        return builder.ToString();
    }
}
