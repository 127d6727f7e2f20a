using System.Text;

namespace PolicyWatch.Parsing.Charsets;

/// <summary>
/// The text of a feed from its bytes, in the encoding <see cref="CharsetSniffer"/> finds. Labels lie: bytes
/// that are valid UTF-8 win over a Latin-1 family label, and bytes that are not valid UTF-8 under a UTF-8
/// label (or none) fall back to windows-1252, flagged; single bytes under a UTF-16 or UTF-32 label are read
/// as such, flagged. The field-by-field mojibake repair afterwards (<see cref="Mojibake"/>) rescues what a
/// whole-document guess got wrong.
/// </summary>
internal static class FeedText
{
    /// <summary>The decoded text, and why it is suspect (null when the bytes and labels agree).</summary>
    public static (string Text, string? Problem) Decode(ReadOnlySpan<byte> body, string? contentType)
    {
        var sniffed = CharsetSniffer.Sniff(body, contentType, Markup.Xml);
        switch (sniffed.Source)
        {
            case CharsetSource.ByteOrderMark or CharsetSource.BytePattern:
                return (sniffed.Encoding!.GetString(body[sniffed.Preamble..]), null);
            case CharsetSource.None:
                return Utf8OrFallback(body, "no encoding declared and the bytes are not valid UTF-8");
        }
        var (declared, label) = (sniffed.Encoding, sniffed.Label);
        if (declared is null)
        {
            var (text, _) = Utf8OrFallback(body, null);
            return (text, $"unknown encoding \"{label}\"");
        }
        if (declared.CodePage == Encoding.UTF8.CodePage)
            return Utf8OrFallback(body, "declared UTF-8 but the bytes are not valid UTF-8");
        if (IsLatinFamily(declared) && !IsAscii(body) && IsValidUtf8(body))
            return (Encoding.UTF8.GetString(body), null);
        if (declared is UnicodeEncoding or UTF32Encoding)
            return Utf8OrFallback(body, $"declared {label} but the bytes are single-byte");
        return (declared.GetString(body), null);
    }

    private static (string, string?) Utf8OrFallback(ReadOnlySpan<byte> body, string? problem)
    {
        if (IsValidUtf8(body)) return (Encoding.UTF8.GetString(body), null);
        return (Encoding.GetEncoding(1252).GetString(body), problem);
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> body) => System.Text.Unicode.Utf8.IsValid(body);

    private static bool IsAscii(ReadOnlySpan<byte> body) => System.Text.Ascii.IsValid(body);

    private static bool IsLatinFamily(Encoding encoding) =>
        encoding.CodePage is 1252 or 28591 or 20127 or 28605 || encoding.WebName.StartsWith("iso-8859-", StringComparison.Ordinal);
}
