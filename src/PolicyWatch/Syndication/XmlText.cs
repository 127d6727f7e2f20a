using System.Globalization;
using System.Text;
using System.Xml;

namespace PolicyWatch.Syndication;

/// <summary>Text made safe to put in XML and JSON feeds, and the date forms the formats require.</summary>
public static class XmlText
{
    /// <summary>
    /// Removes characters XML 1.0 forbids (C0 controls other than tab/CR/LF, U+FFFE/U+FFFF, lone
    /// surrogates): XmlWriter would throw on them, and readers reject the whole document.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (IsClean(text)) return text;
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                clean.Append(c);
            }
        }
        return clean.ToString();
    }

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            return false;
        }
        return true;
    }

    /// <summary>RFC 3339 in UTC, whole seconds: 2024-05-28T09:30:00Z.</summary>
    public static string Rfc3339(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 822 (with a four-digit year, as RSS 2.0 recommends) in GMT: Tue, 28 May 2024 09:30:00 GMT.</summary>
    public static string Rfc822(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Builds the document in memory (a feed is small: tens of entries) and copies it out
    /// asynchronously, so the synchronous XmlWriter never blocks on the response stream.
    /// </summary>
    internal static async Task WriteAsync(Stream output, Action<XmlWriter> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, WriterSettings)) write(writer);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }

    private static XmlWriterSettings WriterSettings => new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        // Clean() already removed what XML forbids; this is the second line of defence.
        CheckCharacters = true,
        CloseOutput = false,
    };

    /// <summary>Writes <c>&lt;name&gt;value&lt;/name&gt;</c>, the value cleaned of what XML forbids.</summary>
    public static void Element(XmlWriter w, string name, string value)
    {
        w.WriteStartElement(name);
        w.WriteString(Clean(value));
        w.WriteEndElement();
    }
}
