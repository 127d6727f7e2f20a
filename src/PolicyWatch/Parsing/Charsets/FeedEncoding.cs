using System.Text;

namespace PolicyWatch.Parsing.Charsets;

/// <summary>
/// Turns the fetched bytes into text: BOM first, then the byte pattern of "&lt;?xml" in
/// UTF-16/32, then the HTTP charset and the XML declaration. Labels lie: bytes that are
/// valid UTF-8 win over a Latin-1 family label, and bytes that are not valid UTF-8
/// under a UTF-8 label fall back to windows-1252 (flagged).
/// </summary>
internal static class FeedEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static FeedEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The decoded text, and why it is suspect (null when the bytes and labels agree).</summary>
    public static (string Text, string? Problem) Decode(ReadOnlySpan<byte> body, string? contentType)
    {
        if (TryByteOrderMark(body, out var bomEncoding, out var bomLength))
            return Convert(bomEncoding, body[bomLength..]);
        if (TryWidePattern(body, out var wide))
            return Convert(wide, body);

        var label = CharsetOf(contentType) ?? DeclaredEncoding(body);
        if (label is null) return Utf8OrFallback(body, "no encoding declared and the bytes are not valid UTF-8");
        var declared = Lookup(label);
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
        // Latin-1 and ASCII labels mean windows-1252 in practice (its curly quotes sit where Latin-1 has control codes), as browsers read them.
        return Convert(IsLatinFamily(declared) && declared.CodePage is 28591 or 20127 ? Encoding.GetEncoding(1252) : declared, body);
    }

    private static (string, string?) Convert(Encoding encoding, ReadOnlySpan<byte> bytes) => (encoding.GetString(bytes), null);

    private static (string, string?) Utf8OrFallback(ReadOnlySpan<byte> body, string? problem)
    {
        if (IsValidUtf8(body)) return (Encoding.UTF8.GetString(body), null);
        return (Encoding.GetEncoding(1252).GetString(body), problem);
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> body) => System.Text.Unicode.Utf8.IsValid(body);

    private static bool IsAscii(ReadOnlySpan<byte> body) => System.Text.Ascii.IsValid(body);

    private static bool IsLatinFamily(Encoding encoding) =>
        encoding.CodePage is 1252 or 28591 or 20127 or 28605 || encoding.WebName.StartsWith("iso-8859-", StringComparison.Ordinal);

    private static bool TryByteOrderMark(ReadOnlySpan<byte> b, out Encoding encoding, out int length)
    {
        (encoding, length) = b switch
        {
            [0xFF, 0xFE, 0, 0, ..] => ((Encoding)new UTF32Encoding(false, false), 4),
            [0, 0, 0xFE, 0xFF, ..] => (new UTF32Encoding(true, false), 4),
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            _ => (Encoding.UTF8, 0),
        };
        return length > 0;
    }

    // Without a BOM, the first character of an XML document ('<') still betrays a wide encoding.
    private static bool TryWidePattern(ReadOnlySpan<byte> b, out Encoding encoding)
    {
        encoding = b switch
        {
            [0, 0, 0, not 0, ..] => new UTF32Encoding(true, false),
            [not 0, 0, 0, 0, ..] => new UTF32Encoding(false, false),
            [0, not 0, 0, not 0, ..] => Encoding.BigEndianUnicode,
            [not 0, 0, not 0, 0, ..] => Encoding.Unicode,
            _ => Encoding.UTF8,
        };
        return encoding != Encoding.UTF8;
    }

    private static string? CharsetOf(string? contentType)
    {
        if (contentType is null) return null;
        foreach (var part in contentType.Split(';'))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
                return pair[1].Trim().Trim('"', '\'');
        }
        return null;
    }

    /// <summary>The encoding attribute of an XML declaration anywhere in the first bytes (junk may precede it).</summary>
    private static string? DeclaredEncoding(ReadOnlySpan<byte> body)
    {
        var head = Encoding.ASCII.GetString(body[..Math.Min(body.Length, 1024)]);
        var start = head.IndexOf("<?xml", StringComparison.Ordinal);
        if (start < 0) return null;
        var end = head.IndexOf("?>", start, StringComparison.Ordinal);
        var declaration = end < 0 ? head[start..] : head[start..end];
        var match = System.Text.RegularExpressions.Regex.Match(declaration, "encoding\\s*=\\s*[\"']([^\"']*)[\"']");
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    private static Encoding? Lookup(string label)
    {
        try { return Encoding.GetEncoding(label); }
        catch (ArgumentException) { return null; } // an unknown label is reported by the caller as a problem
    }
}
