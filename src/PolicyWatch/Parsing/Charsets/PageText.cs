using System.Text;

namespace PolicyWatch.Parsing.Charsets;

/// <summary>
/// The text of an HTML page from its bytes, as WHATWG's encoding sniffing reads it (<see cref="CharsetSniffer"/>):
/// a BOM, else the HTTP charset, else a &lt;meta&gt; charset, else UTF-8. A page is decoded as declared: a stray
/// bad byte becomes U+FFFD rather than turning the whole page into windows-1252, since no field-by-field repair
/// follows as it does for feeds.
/// </summary>
public static class PageText
{
    public static string Decode(byte[] body, string? contentType)
    {
        var sniffed = CharsetSniffer.Sniff(body, contentType, Markup.Html);
        return (sniffed.Encoding ?? new UTF8Encoding(false)).GetString(body, sniffed.Preamble, body.Length - sniffed.Preamble);
    }
}
