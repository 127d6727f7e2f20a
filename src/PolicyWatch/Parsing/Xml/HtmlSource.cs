using System.Collections;
using System.Net;
using System.Text;

namespace PolicyWatch.Parsing.Xml;

/// <summary>
/// Writes the HTML a feed carries (escaped or in CDATA) the way an HTML serializer would:
/// every attribute value in double quotes and in name order (as <see cref="MarkupWriter"/>
/// writes inline XHTML), empty tags as "&lt;br /&gt;", and a "&lt;" that
/// starts no tag, comment or declaration written as the text it is ("&amp;lt;"). Only tag
/// syntax is touched, and relative URLs in attributes that hold one are resolved against the base in
/// scope, as inline XHTML's are; text and references stay as the feed wrote them.
/// </summary>
internal static class HtmlSource
{
    /// <param name="baseUri">What relative URLs resolve against (<see cref="FeedUrls"/>); null leaves them as written.</param>
    public static string? Tidy(string? html, Uri? baseUri = null)
    {
        if (html is null || !html.Contains('<')) return html;
        var builder = new StringBuilder(html.Length + 16);
        var urls = baseUri is null ? null : new HtmlUrls();
        BitArray? unclosed = null;
        var position = 0;
        while (position < html.Length)
        {
            var open = html.IndexOf('<', position);
            if (open < 0) open = html.Length;
            builder.Append(html, position, open - position);
            position = open < html.Length ? AppendMarkup(builder, html, open, urls, baseUri, ref unclosed) : open;
        }
        return builder.ToString();
    }

    /// <summary>Writes what starts at the "&lt;" at <paramref name="start"/>; returns where the text resumes.</summary>
    /// <param name="unclosed">Which tag names never close (see <see cref="UnclosedTagNames"/>), once one tag has been found unclosed.</param>
    private static int AppendMarkup(StringBuilder builder, string html, int start, HtmlUrls? urls, Uri? baseUri, ref BitArray? unclosed)
    {
        var next = CharAt(html, start + 1);
        if (char.IsAsciiLetter(next)) return AppendStartTag(builder, html, start, urls, baseUri, ref unclosed);
        if (next == '/' && char.IsAsciiLetter(CharAt(html, start + 2))) return AppendVerbatim(builder, html, start, ">");
        if (string.CompareOrdinal(html, start, "<!--", 0, 4) == 0) return AppendVerbatim(builder, html, start, "-->");
        if ((next == '!' && (char.IsAsciiLetter(CharAt(html, start + 2)) || CharAt(html, start + 2) == '[')) || next == '?')
            return AppendVerbatim(builder, html, start, ">");
        // "a < b", "<3", "<!'": not markup, so the reader should see the character itself.
        builder.Append("&lt;");
        return start + 1;
    }

    private static char CharAt(string text, int index) => index < text.Length ? text[index] : '\0';

    private static int AppendVerbatim(StringBuilder builder, string html, int start, string terminator)
    {
        var end = html.IndexOf(terminator, start, StringComparison.Ordinal);
        end = end < 0 ? html.Length : end + terminator.Length;
        builder.Append(html, start, end - start);
        return end;
    }

    private static int AppendStartTag(StringBuilder builder, string html, int start, HtmlUrls? urls, Uri? baseUri, ref BitArray? unclosed)
    {
        // Once one tag has been found unclosed, whether a later one closes is looked up rather than read:
        // each "<a" of "<a <a <a …" was read to the end of the value again, quadratic in its length.
        if (unclosed?[start + 1] == true) return Unterminated(builder, start);
        var i = start + 1;
        while (i < html.Length && !IsTagBreak(html[i])) i++;
        var name = html[(start + 1)..i];
        var attributes = new List<(string Name, string? Value)>();
        var selfClosing = false;
        while (true)
        {
            while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
            if (i >= html.Length) return Unterminated(builder, start, ref unclosed, html);
            if (html[i] == '>') { i++; break; }
            if (html[i] == '/')
            {
                i++;
                if (CharAt(html, i) == '>') { selfClosing = true; i++; break; }
                continue;
            }
            i = ReadAttribute(html, i, attributes);
            if (i < 0) return Unterminated(builder, start, ref unclosed, html);
        }
        builder.Append('<').Append(name);
        foreach (var (attribute, value) in attributes.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            builder.Append(' ').Append(attribute);
            if (value is not null) builder.Append("=\"").Append(Resolved(urls, attribute, value, baseUri, html.Length).Replace("\"", "&quot;", StringComparison.Ordinal)).Append('"');
        }
        builder.Append(selfClosing ? " />" : ">");
        return name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)
            ? AppendRawText(builder, html, i, name)
            : i;
    }

    /// <summary>Reads the attribute at <paramref name="i"/> (value null when it has none); returns the index after it, or -1 when its quote never closes.</summary>
    private static int ReadAttribute(string html, int i, List<(string Name, string? Value)> attributes)
    {
        var nameStart = i++; // the first character belongs to the name even when it is "=" (as in HTML's tokenizer)
        while (i < html.Length && !IsTagBreak(html[i]) && html[i] != '=') i++;
        var name = html[nameStart..i];
        var afterName = i;
        while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
        if (CharAt(html, i) != '=')
        {
            attributes.Add((name, null));
            return afterName;
        }
        i++;
        while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
        int valueStart, valueEnd;
        if (CharAt(html, i) is '"' or '\'')
        {
            valueStart = i + 1;
            valueEnd = html.IndexOf(html[i], valueStart);
            if (valueEnd < 0) return -1;
            i = valueEnd + 1;
        }
        else
        {
            valueStart = i;
            while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>') i++;
            valueEnd = i;
        }
        attributes.Add((name, html[valueStart..valueEnd]));
        return i;
    }

    /// <summary>
    /// A URL attribute's value with a relative URL resolved (its references read first, "&amp;amp;" written back);
    /// any other value, and an absolute URL, exactly as the feed wrote it.
    /// </summary>
    private static string Resolved(HtmlUrls? urls, string attribute, string value, Uri? baseUri, int htmlLength)
    {
        if (urls is null) return value;
        var url = WebUtility.HtmlDecode(value);
        return urls.Resolve(attribute, url, baseUri, htmlLength) is { } resolved && resolved != url.Trim()
            ? resolved.Replace("&", "&amp;", StringComparison.Ordinal)
            : value;
    }

    private static bool IsTagBreak(char c) => char.IsWhiteSpace(c) || c is '/' or '>';

    // A tag cut off by the end of the value is not markup a browser would show; it stays readable text.
    private static int Unterminated(StringBuilder builder, int start)
    {
        builder.Append("&lt;");
        return start + 1;
    }

    private static int Unterminated(StringBuilder builder, int start, ref BitArray? unclosed, string html)
    {
        unclosed ??= UnclosedTagNames(html);
        return Unterminated(builder, start);
    }

    /// <summary>
    /// For every position, whether a start tag whose name begins there runs to the end of the value without
    /// closing, as <see cref="AppendStartTag"/> and <see cref="ReadAttribute"/> read tags. One backward pass:
    /// whether a tag closes from a position depends only on where the reading stands there (in the name,
    /// between attributes, in a quoted value…), and each of those depends on the next position.
    /// </summary>
    private static BitArray UnclosedTagNames(string html)
    {
        var unclosed = new BitArray(html.Length + 1, true);
        // At the end of the value no tag closes, whatever state the reading is in.
        bool tagName = true, between = true, attributeName = true, beforeEquals = true, afterEquals = true,
            doubleQuoted = true, singleQuoted = true, unquoted = true;
        for (var i = html.Length - 1; i >= 0; i--)
        {
            var c = html[i];
            var space = char.IsWhiteSpace(c);
            // "/" between attributes closes the tag when ">" follows; otherwise reading goes on between attributes.
            var afterSlash = i + 1 < html.Length && html[i + 1] == '>' ? false : between;
            // The first character of an attribute always belongs to its name.
            var betweenHere = space ? between : c == '>' ? false : c == '/' ? afterSlash : attributeName;
            var unquotedHere = space || c == '>' ? betweenHere : unquoted;
            var afterEqualsHere = space ? afterEquals : c == '"' ? doubleQuoted : c == '\'' ? singleQuoted : unquotedHere;
            // An attribute without "=" ends where the next one (or the tag's end) begins.
            var beforeEqualsHere = space ? beforeEquals : c == '=' ? afterEquals : betweenHere;
            var attributeNameHere = IsTagBreak(c) || c == '=' ? beforeEqualsHere : attributeName;
            var tagNameHere = IsTagBreak(c) ? betweenHere : tagName;
            var doubleQuotedHere = c == '"' ? between : doubleQuoted;
            var singleQuotedHere = c == '\'' ? between : singleQuoted;
            (tagName, between, attributeName, beforeEquals, afterEquals, doubleQuoted, singleQuoted, unquoted) =
                (tagNameHere, betweenHere, attributeNameHere, beforeEqualsHere, afterEqualsHere, doubleQuotedHere, singleQuotedHere, unquotedHere);
            unclosed[i] = tagName;
        }
        return unclosed;
    }

    /// <summary>Script and style bodies are not HTML: copied as they are up to their end tag.</summary>
    private static int AppendRawText(StringBuilder builder, string html, int start, string name)
    {
        var end = html.IndexOf("</" + name, start, StringComparison.OrdinalIgnoreCase);
        if (end < 0) end = html.Length;
        builder.Append(html, start, end - start);
        return end;
    }
}
