using System.Net;
using System.Text;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// Makes an FTS5 snippet safe to output as HTML: the text is encoded piece by piece between the
/// match markers, and the markers become &lt;mark&gt; tags that always balance, whatever the text holds.
/// </summary>
public static class SearchSnippet
{
    /// <summary>Marks a match's start in the raw snippet: a private-use character, not expected in feed text.</summary>
    public const char Open = '\uE000';

    /// <summary>Marks a match's end in the raw snippet.</summary>
    public const char Close = '\uE001';

    public static string? ToHtml(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        var html = new StringBuilder(raw.Length + 32);
        var open = false;
        var start = 0;
        for (var i = 0; i <= raw.Length; i++)
        {
            if (i < raw.Length && raw[i] is not (Open or Close)) continue;
            html.Append(WebUtility.HtmlEncode(raw[start..i]));
            start = i + 1;
            if (i == raw.Length) break;
            if (raw[i] == Open && !open) { html.Append("<mark>"); open = true; }
            else if (raw[i] == Close && open) { html.Append("</mark>"); open = false; }
        }
        if (open) html.Append("</mark>");
        return html.ToString();
    }
}
