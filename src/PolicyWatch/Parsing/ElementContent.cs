using System.Text;
using System.Xml;

namespace PolicyWatch.Parsing;

/// <summary>How the value of an element is to be read.</summary>
internal enum ContentMode
{
    /// <summary>Its text; child elements, when present, are kept as markup.</summary>
    Text,
    /// <summary>Atom 1.0 type="xhtml": the markup inside the wrapping div.</summary>
    Xhtml,
    /// <summary>Base64 of a non-text, non-XML media type.</summary>
    Base64,
}

/// <summary>
/// Reads the value of the element the reader stands on and leaves the reader on its end
/// (or on the element itself when it is empty). Values are trimmed; blank gives null.
/// </summary>
internal static class ElementContent
{
    public static string? Read(XmlReader reader, ContentMode mode = ContentMode.Text)
    {
        if (reader.IsEmptyElement) return null;
        var depth = reader.Depth;
        StringBuilder? text = null;
        StringBuilder? markup = null;
        string? single = null;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    var value = reader.Value;
                    if (markup is not null) AppendEscaped(markup, value, attribute: false);
                    else if (single is null && text is null) single = value;
                    else (text ??= new StringBuilder(single)).Append(value);
                    break;
                case XmlNodeType.Element:
                    if (markup is null)
                    {
                        markup = new StringBuilder();
                        AppendEscaped(markup, text?.ToString() ?? single ?? "", attribute: false);
                    }
                    AppendStartTag(markup, reader);
                    break;
                case XmlNodeType.EndElement:
                    markup!.Append("</").Append(ElementName(reader)).Append('>');
                    break;
            }
        }
        var result = markup?.ToString() ?? text?.ToString() ?? single;
        result = mode switch
        {
            ContentMode.Xhtml when markup is not null => UnwrapDiv(result!.Trim()),
            ContentMode.Base64 => FromBase64(result),
            _ => result,
        };
        return Trimmed(result);
    }

    public static string? Trimmed(string? value)
    {
        if (value is null) return null;
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
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

    private static void AppendStartTag(StringBuilder markup, XmlReader reader)
    {
        markup.Append('<').Append(ElementName(reader));
        var empty = reader.IsEmptyElement;
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.Prefix == "xmlns" || reader.Name == "xmlns") continue;
                markup.Append(' ').Append(reader.Name).Append("=\"");
                AppendEscaped(markup, reader.Value, attribute: true);
                markup.Append('"');
            } while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        markup.Append(empty ? " />" : ">");
    }

    // Markup in the feed's own XHTML namespace is written without prefixes, as HTML.
    private static string ElementName(XmlReader reader) =>
        reader.NamespaceURI is "" or FeedNamespaces.Xhtml ? reader.LocalName : reader.Name;

    private static void AppendEscaped(StringBuilder builder, string value, bool attribute)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>' when !attribute: builder.Append("&gt;"); break;
                case '"' when attribute: builder.Append("&quot;"); break;
                default: builder.Append(c); break;
            }
        }
    }
}
