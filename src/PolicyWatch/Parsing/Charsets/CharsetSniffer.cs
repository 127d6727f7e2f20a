using System.Text;
using System.Text.RegularExpressions;

namespace PolicyWatch.Parsing.Charsets;

/// <summary>The kind of document, which decides where it may declare its own encoding.</summary>
internal enum Markup
{
    /// <summary>Feeds: the XML declaration, and a wide encoding told by the bytes of its first "&lt;" (XML 1.0 appendix F).</summary>
    Xml,
    /// <summary>Pages: a &lt;meta&gt; charset in the first 1024 bytes (WHATWG's prescan).</summary>
    Html,
}

/// <summary>Where a document's encoding was found, strongest first.</summary>
internal enum CharsetSource { ByteOrderMark, BytePattern, Transport, Document, None }

/// <summary>What the bytes and the labels say.</summary>
/// <param name="Encoding">Null when the label is not an encoding this runtime knows, or nothing was said.</param>
/// <param name="Label">The label as written (null for a BOM or a byte pattern).</param>
/// <param name="Preamble">The BOM's bytes, which are not text.</param>
internal readonly record struct SniffedCharset(Encoding? Encoding, string? Label, CharsetSource Source, int Preamble);

/// <summary>
/// Which encoding a document's bytes are in, in the order XML (RFC 7303: the BOM before the charset
/// parameter, then the XML declaration) and HTML (WHATWG's encoding sniffing: BOM, transport, then the
/// &lt;meta&gt; prescan) agree on: a byte order mark, then the charset the transport gives (HTTP's
/// Content-Type), then the document's own declaration, else nothing. Latin-1 and ASCII labels mean
/// windows-1252, as in WHATWG's label table (its curly quotes sit where Latin-1 has control codes). What to
/// do when the bytes contradict what was found is the caller's: <see cref="FeedText"/> and <see cref="PageText"/>.
/// </summary>
internal static partial class CharsetSniffer
{
    /// <summary>How far in-document declarations are looked for (WHATWG's prescan reads 1024 bytes).</summary>
    private const int DeclarationWindow = 1024;

    static CharsetSniffer() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SniffedCharset Sniff(ReadOnlySpan<byte> body, string? contentType, Markup markup)
    {
        if (TryByteOrderMark(body, out var bom, out var bomLength))
            return new(bom, null, CharsetSource.ByteOrderMark, bomLength);
        if (markup == Markup.Xml && TryWidePattern(body, out var wide))
            return new(wide, null, CharsetSource.BytePattern, 0);
        if (CharsetOf(contentType) is { } transport)
        {
            var encoding = Lookup(transport);
            // An unknown label on the transport is reported for XML (the feed is flagged); HTML goes on to the
            // page's own declaration, as WHATWG's sniffing does.
            if (encoding is not null || markup == Markup.Xml) return new(encoding, transport, CharsetSource.Transport, 0);
        }
        var declared = markup == Markup.Xml ? XmlDeclaration(body) : MetaCharset(body);
        if (declared is null) return new(null, null, CharsetSource.None, 0);
        var encodingDeclared = Lookup(declared);
        // A page whose ASCII bytes declare it UTF-16 is not UTF-16: WHATWG's prescan reads it as UTF-8.
        if (markup == Markup.Html && encodingDeclared is UnicodeEncoding or UTF32Encoding) encodingDeclared = Encoding.UTF8;
        return new(encodingDeclared, declared, CharsetSource.Document, 0);
    }

    /// <summary>The encoding a label names; Latin-1 and ASCII mean windows-1252. Null when the label is unknown.</summary>
    public static Encoding? Lookup(string label)
    {
        Encoding encoding;
        try { encoding = Encoding.GetEncoding(label); }
        catch (ArgumentException) { return null; } // an unknown label is the caller's to report or pass over
        return encoding.CodePage is 28591 or 20127 ? Encoding.GetEncoding(1252) : encoding;
    }

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
    private static string? XmlDeclaration(ReadOnlySpan<byte> body)
    {
        var head = Encoding.ASCII.GetString(body[..Math.Min(body.Length, DeclarationWindow)]);
        var start = head.IndexOf("<?xml", StringComparison.Ordinal);
        if (start < 0) return null;
        var end = head.IndexOf("?>", start, StringComparison.Ordinal);
        var declaration = end < 0 ? head[start..] : head[start..end];
        var match = EncodingAttribute().Match(declaration);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    /// <summary>
    /// The first label a &lt;meta&gt; gives, in its charset attribute or in the charset of an http-equiv
    /// Content-Type, that names an encoding; comments and other elements' attributes (a script's charset) are
    /// not declarations.
    /// </summary>
    private static string? MetaCharset(ReadOnlySpan<byte> body)
    {
        var head = Comment().Replace(Encoding.Latin1.GetString(body[..Math.Min(body.Length, DeclarationWindow)]), "");
        foreach (Match meta in MetaElement().Matches(head))
        {
            var attributes = Attribute().Matches(meta.Groups["attributes"].Value)
                .GroupBy(a => a.Groups["name"].Value.ToLowerInvariant())
                .ToDictionary(g => g.Key, g => g.First().Groups["value"].Value);
            var label = attributes.GetValueOrDefault("charset")?.Trim()
                ?? (attributes.GetValueOrDefault("http-equiv")?.Trim().Equals("content-type", StringComparison.OrdinalIgnoreCase) == true
                    && attributes.GetValueOrDefault("content") is { } content && ContentCharset().Match(content) is { Success: true } charset
                    ? charset.Groups["label"].Value
                    : null);
            if (label is { Length: > 0 } && Lookup(label) is not null) return label;
        }
        return null;
    }

    [GeneratedRegex("encoding\\s*=\\s*[\"']([^\"']*)[\"']")]
    private static partial Regex EncodingAttribute();

    [GeneratedRegex("<!--.*?(-->|$)", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"<meta(?<attributes>[\s/][^>]*)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaElement();

    [GeneratedRegex("""(?<name>[^\s/=>]+)(?:\s*=\s*(?:"(?<value>[^"]*)"|'(?<value>[^']*)'|(?<value>[^\s>]*)))?""")]
    private static partial Regex Attribute();

    [GeneratedRegex("""charset\s*=\s*["']?(?<label>[^\s"';]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ContentCharset();
}
