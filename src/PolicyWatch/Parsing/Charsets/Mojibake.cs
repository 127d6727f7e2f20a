using System.Text;

namespace PolicyWatch.Parsing.Charsets;

/// <summary>
/// Undoes the commonest feed encoding accident: UTF-8 text read as ISO-8859-1 or
/// windows-1252 and encoded again, so "…" arrives as "â€¦" (or "&amp;acirc;&amp;#128;&amp;brvbar;").
/// </summary>
internal static class Mojibake
{
    // windows-1252's characters for bytes 0x80–0x9F, mapped back to those bytes.
    private static readonly Dictionary<char, byte> Windows1252Bytes = BuildWindows1252Bytes();

    private static Dictionary<char, byte> BuildWindows1252Bytes()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var windows1252 = Encoding.GetEncoding(1252);
        var map = new Dictionary<char, byte>();
        for (var b = 0x80; b <= 0x9F; b++)
        {
            var c = windows1252.GetChars([(byte)b])[0];
            if (c > '\u00FF') map[c] = (byte)b;
        }
        return map;
    }

    /// <summary>
    /// The text re-read as UTF-8 when every character is a single 8-bit code and those codes
    /// form valid UTF-8 with at least one multi-byte sequence; otherwise the text unchanged.
    /// Real Latin-1 text almost never passes: "café" is not valid UTF-8 once taken as bytes.
    /// </summary>
    public static string Repair(string text)
    {
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u007F')) return text;
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c <= '\u00FF') bytes[i] = (byte)c;
            else if (Windows1252Bytes.TryGetValue(c, out var b)) bytes[i] = b;
            else return text;
        }
        // Not UTF-8 underneath: the text meant what it says.
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : text;
    }
}
