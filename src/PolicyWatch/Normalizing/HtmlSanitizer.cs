using System.Net;

namespace PolicyWatch.Normalizing;

/// <summary>
/// Makes feed HTML safe to show. Foundation version: keeps only the text, encoded, in one
/// paragraph; the allow-list sanitizer replaces it behind the same call.
/// </summary>
public static class HtmlSanitizer
{
    public static string? Sanitize(string? html, Uri? baseUrl)
    {
        var text = HtmlText.ToPlainText(html);
        return text is null ? null : $"<p>{WebUtility.HtmlEncode(text)}</p>";
    }
}
