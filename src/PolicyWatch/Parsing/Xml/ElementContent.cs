using System.Text;
using System.Xml;
using PolicyWatch.Parsing.Charsets;

namespace PolicyWatch.Parsing.Xml;

/// <summary>How the value of an element is to be read.</summary>
internal enum ContentMode
{
    /// <summary>Its text; child elements, when present, are kept as markup.</summary>
    Text,
    /// <summary>Atom 1.0 type="xhtml": the markup inside the wrapping div.</summary>
    Xhtml,
    /// <summary>Escaped HTML: its text, with bare ampersands written as &amp;amp; the way an HTML serializer would.</summary>
    Html,
    /// <summary>Base64 of a non-text, non-XML media type.</summary>
    Base64,
}

/// <summary>
/// Reads the value of the element the reader stands on and leaves the reader on its end
/// (or on the element itself when it is empty). Values are trimmed; blank gives null.
/// </summary>
internal static partial class ElementContent
{
    public static string? Read(XmlReader reader, ContentMode mode = ContentMode.Text, Uri? baseUri = null)
    {
        if (reader.IsEmptyElement) return null;
        var depth = reader.Depth;
        StringBuilder? text = null;
        MarkupWriter? markup = null;
        string? single = null;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    var value = reader.Value;
                    if (markup is not null) markup.Text(value);
                    else if (single is null && text is null) single = value;
                    else (text ??= new StringBuilder(single)).Append(value);
                    break;
                case XmlNodeType.Element:
                    if (markup is null)
                    {
                        markup = new MarkupWriter();
                        markup.Text(text?.ToString() ?? single ?? "");
                    }
                    markup.StartElement(reader, baseUri);
                    break;
                case XmlNodeType.EndElement:
                    markup!.EndElement(reader);
                    break;
            }
        }
        var result = markup?.ToString() ?? text?.ToString() ?? single;
        result = mode switch
        {
            ContentMode.Xhtml when markup is not null => UnwrapDiv(result!.Trim()),
            ContentMode.Base64 => FromBase64(result),
            ContentMode.Html when markup is null => HtmlSource.Tidy(EscapeBareAmpersands(result), baseUri),
            _ => result,
        };
        return Trimmed(result);
    }

    public static string? Trimmed(string? value)
    {
        if (value is null) return null;
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : WindowsControlCodes(Mojibake.Repair(trimmed));
    }

    // windows-1252's characters for bytes 0x80–0x9F, built once.
    private static readonly char[] Windows1252Controls = BuildWindows1252Controls();

    private static char[] BuildWindows1252Controls()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Enumerable.Range(0x80, 32).Select(b => (byte)b).ToArray();
        var chars = Encoding.GetEncoding(1252).GetChars(bytes);
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] == '\uFFFD') chars[i] = (char)(0x80 + i); // the five bytes 1252 leaves undefined stay as they were
        return chars;
    }

    /// <summary>
    /// U+0080–U+009F are control codes no feed means; they come from windows-1252 text
    /// (often as &amp;#146;), so they are read as the windows-1252 characters (’ for 146).
    /// </summary>
    private static string WindowsControlCodes(string value)
    {
        if (value.AsSpan().IndexOfAnyInRange('\u0080', '\u009F') < 0) return value;
        return string.Create(value.Length, value, static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
                chars[i] = source[i] is >= '\u0080' and <= '\u009F' ? Windows1252Controls[source[i] - 0x80] : source[i];
        });
    }

    private static string? FromBase64(string? value)
    {
        if (value is null) return null;
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(value.Trim())); }
        catch (FormatException) { return value; } // not base64 after all: keep what the feed said
    }

    private static string UnwrapDiv(string markup)
    {
        if (!markup.StartsWith("<div", StringComparison.Ordinal) || !markup.EndsWith("</div>", StringComparison.Ordinal)) return markup;
        var open = markup.IndexOf('>');
        if (open < 0 || markup[open - 1] == '/') return markup;
        var inner = markup[(open + 1)..^"</div>".Length];
        // Only unwrap when the first div really is the wrapper, not one of several siblings.
        return inner.Contains("</div>", StringComparison.Ordinal) && Depth(inner) != 0 ? markup : inner;
    }

    private static int Depth(string inner)
    {
        var depth = 0;
        for (var i = inner.IndexOf("<div", StringComparison.Ordinal); i >= 0; i = inner.IndexOf("<div", i + 1, StringComparison.Ordinal)) depth++;
        for (var i = inner.IndexOf("</div>", StringComparison.Ordinal); i >= 0; i = inner.IndexOf("</div>", i + 1, StringComparison.Ordinal)) depth--;
        return depth;
    }

    /// <summary>"Q&amp;A" in escaped HTML is "Q&amp;amp;A" once serialized; references already written stay as they are.</summary>
    private static string? EscapeBareAmpersands(string? html)
    {
        if (html is null || !html.Contains('&')) return html;
        var builder = new StringBuilder(html.Length + 16);
        for (var i = 0; i < html.Length; i++)
        {
            builder.Append(html[i]);
            if (html[i] == '&' && !StartsReference(html, i + 1)) builder.Append("amp;");
        }
        return builder.ToString();
    }

    private static bool StartsReference(string text, int start)
    {
        var i = start;
        if (i < text.Length && text[i] == '#')
        {
            i++;
            var hex = i < text.Length && text[i] is 'x' or 'X';
            if (hex) i++;
            var digits = i;
            while (i < text.Length && (hex ? char.IsAsciiHexDigit(text[i]) : char.IsAsciiDigit(text[i]))) i++;
            return i > digits && i < text.Length && text[i] == ';';
        }
        while (i < text.Length && char.IsAsciiLetterOrDigit(text[i])) i++;
        return i > start && i < text.Length && text[i] == ';';
    }
}
