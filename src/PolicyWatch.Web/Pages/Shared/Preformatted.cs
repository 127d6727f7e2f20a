using Microsoft.AspNetCore.Html;

namespace PolicyWatch.Web.Pages.Shared;

/// <summary>Text for a &lt;pre&gt;: each line encoded, the line breaks written as themselves.</summary>
/// <remarks>
/// Razor's encoder writes a line break as <c>&amp;#xA;</c> (and a CR as <c>&amp;#xD;</c>, which HTML
/// checkers reject); a citation's lines should read as lines in the page's source too.
/// </remarks>
public static class Preformatted
{
    public static IHtmlContent Lines(string text)
    {
        var html = new HtmlContentBuilder();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) html.AppendHtml("\n");
            html.Append(lines[i]);
        }
        return html;
    }
}
