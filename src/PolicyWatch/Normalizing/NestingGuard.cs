using System.Collections.Frozen;
using System.Net;
using System.Text;

namespace PolicyWatch.Normalizing;

/// <summary>
/// Spots markup nested so deep that parsing it would stall a crawler: AngleSharp, like the
/// HTML tree-building algorithm it follows, spends time proportional to the depth on each
/// start tag, so 20,000 nested &lt;div&gt;s take seconds and a megabyte of them minutes.
/// Such input is read as crude text instead (<see cref="CrudeText"/>).
/// </summary>
internal static class NestingGuard
{
    /// <summary>Far beyond real articles; parsing this deep still costs only milliseconds.</summary>
    public const int MaxDepth = 1000;

    // Elements that never hold others open: void ones and those the parser closes by itself.
    private static readonly FrozenSet<string> NotNesting = FrozenSet.ToFrozenSet(
    [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody",
        "tfoot", "rb", "rt", "rp", "a",
    ], StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NotNestingByName =
        NotNesting.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// True when the open-minus-closed count of start tags passes <see cref="MaxDepth"/>. An end
    /// tag only counts against an element of its own name still open, so stray end tags
    /// cannot hide the depth.
    /// </summary>
    public static bool IsTooDeep(string html)
    {
        var open = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lookup = open.GetAlternateLookup<ReadOnlySpan<char>>();
        var depth = 0;
        for (var i = html.IndexOf('<'); i >= 0 && i + 1 < html.Length; i = html.IndexOf('<', i + 1))
        {
            var closing = html[i + 1] == '/';
            var name = TagName(html, closing ? i + 2 : i + 1);
            if (name.IsEmpty || NotNestingByName.Contains(name)) continue;
            if (!closing)
            {
                lookup[name] = lookup.TryGetValue(name, out var count) ? count + 1 : 1;
                if (++depth > MaxDepth) return true;
            }
            else if (lookup.TryGetValue(name, out var count) && count > 0)
            {
                lookup[name] = count - 1;
                depth--;
            }
        }
        return false;
    }

    /// <summary>The text between the tags, entities decoded; the fallback reading of over-deep markup.</summary>
    public static string CrudeText(string html)
    {
        var text = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<') { inTag = true; text.Append(' '); }
            else if (c == '>' && inTag) inTag = false;
            else if (!inTag) text.Append(c);
        }
        return WebUtility.HtmlDecode(text.ToString());
    }

    private static ReadOnlySpan<char> TagName(string html, int start)
    {
        var end = start;
        while (end < html.Length && char.IsAsciiLetterOrDigit(html[end])) end++;
        return end > start && char.IsAsciiLetter(html[start]) ? html.AsSpan(start, end - start) : [];
    }
}
