using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using PolicyWatch.Parsing.Namespaces;

namespace PolicyWatch.Parsing.Xml;

/// <summary>
/// Rewrites a document that strict XML reading refused into one it accepts, keeping what
/// the author meant: junk before the root and the DOCTYPE go (its internal entities are
/// expanded here, within a budget), HTML named entities become characters, a stray
/// ampersand becomes text, illegal control characters are dropped, and undeclared
/// namespace prefixes get declared on the root.
/// </summary>
internal static partial class XmlRepair
{
    /// <summary>Most characters (and references, see <see cref="InternalEntities"/>) that internal-subset entities may add to a document (billion laughs stops here).</summary>
    public const int EntityExpansionBudget = 1_000_000;

    public static string Repair(string text)
    {
        var (body, entities) = StripProlog(text);
        var builder = new StringBuilder(body.Length + 256);
        var budget = EntityExpansionBudget;
        AppendRepaired(builder, body, entities, 0, ref budget);
        return DeclareMissingPrefixes(builder.ToString());
    }

    /// <summary>Drops everything before the root element except comments, and reads the DOCTYPE's internal entities.</summary>
    private static (string Body, InternalEntities Entities) StripProlog(string text)
    {
        var entities = new InternalEntities();
        var position = 0;
        while (true)
        {
            var open = text.IndexOf('<', position);
            if (open < 0) return ("", entities);
            if (string.CompareOrdinal(text, open, "<?", 0, 2) == 0)
                position = EndOf(text, open, "?>");
            else if (string.CompareOrdinal(text, open, "<!--", 0, 4) == 0)
                position = EndOf(text, open, "-->");
            else if (string.CompareOrdinal(text, open, "<!DOCTYPE", 0, 9) == 0 || string.CompareOrdinal(text, open, "<!doctype", 0, 9) == 0)
                position = entities.ReadDoctype(text, open);
            else if (open + 1 < text.Length && (char.IsLetter(text[open + 1]) || text[open + 1] == '_'))
                return (text[open..], entities);
            else position = open + 1;
        }
    }

    private static int EndOf(string text, int start, string terminator)
    {
        var end = text.IndexOf(terminator, start, StringComparison.Ordinal);
        return end < 0 ? text.Length : end + terminator.Length;
    }

    private static void AppendRepaired(StringBuilder builder, string text, InternalEntities entities, int depth, ref int budget)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '&') i = AppendReference(builder, text, i, entities, depth, ref budget);
            else if (c == '<' && string.CompareOrdinal(text, i, "<![CDATA[", 0, 9) == 0) i = AppendVerbatim(builder, text, i, "]]>");
            else if (c == '<' && string.CompareOrdinal(text, i, "<!--", 0, 4) == 0) i = AppendVerbatim(builder, text, i, "-->");
            else if (IsLegal(text, i)) builder.Append(c);
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) builder.Append(c).Append(text[++i]);
        }
    }

    /// <summary>CDATA and comments keep their ampersands; only illegal characters go.</summary>
    private static int AppendVerbatim(StringBuilder builder, string text, int start, string terminator)
    {
        var end = EndOf(text, start, terminator);
        for (var i = start; i < end; i++)
            if (IsLegal(text, i)) builder.Append(text[i]);
            else if (char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1])) builder.Append(text[i]).Append(text[++i]);
        return end - 1;
    }

    private static bool IsLegal(string text, int i)
    {
        var c = text[i];
        if (c < 0x20) return c is '\t' or '\n' or '\r';
        return c is not ('\uFFFE' or '\uFFFF') && !char.IsSurrogate(c);
    }

    /// <summary>Writes the reference at <paramref name="start"/> in a form XML accepts; returns the index of its last character.</summary>
    private static int AppendReference(StringBuilder builder, string text, int start, InternalEntities entities, int depth, ref int budget)
    {
        var semicolon = text.IndexOf(';', start + 1, Math.Min(40, text.Length - start - 1));
        var name = semicolon > start + 1 ? text[(start + 1)..semicolon] : null;
        if (name is null || !IsReferenceName(name))
        {
            builder.Append("&amp;");
            return start;
        }
        if (name[0] == '#') AppendCharacterReference(builder, name);
        else if (name is "amp" or "lt" or "gt" or "quot" or "apos") builder.Append('&').Append(name).Append(';');
        else if (entities.TryGetValue(name, out var value))
        {
            // An entity whose expansion would blow the budget (billion laughs) is dropped whole, not half-expanded.
            var cost = entities.Cost(name);
            if (cost > budget) return semicolon;
            budget -= (int)cost;
            AppendRepaired(builder, value, entities, depth + 1, ref budget);
        }
        else AppendHtmlEntity(builder, name);
        return semicolon;
    }

    private static bool IsReferenceName(string name)
    {
        if (name[0] == '#')
            return name.Length > 1 && (name[1] is 'x' or 'X'
                ? name.Length > 2 && name.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") == false
                : name.AsSpan(1).ContainsAnyExcept("0123456789") == false);
        if (!char.IsLetter(name[0]) && name[0] != '_') return false;
        foreach (var c in name)
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.')) return false;
        return true;
    }

    // A character reference to a character XML forbids (&#1;) is dropped like the raw character would be.
    private static void AppendCharacterReference(StringBuilder builder, string name)
    {
        var hex = name[1] is 'x' or 'X';
        if (!int.TryParse(name.AsSpan(hex ? 2 : 1), hex ? System.Globalization.NumberStyles.HexNumber : System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var code)) return;
        var legal = code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
        if (legal) builder.Append('&').Append(name).Append(';');
    }

    private static void AppendHtmlEntity(StringBuilder builder, string name)
    {
        var reference = "&" + name + ";";
        var decoded = WebUtility.HtmlDecode(reference);
        if (decoded == reference) builder.Append("&amp;").Append(name).Append(';');
        else foreach (var rune in decoded.EnumerateRunes()) builder.Append("&#").Append(rune.Value).Append(';');
    }

    [GeneratedRegex(@"<([A-Za-z_][\w.-]*):[A-Za-z_]|\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*=")]
    private static partial Regex PrefixUse();

    [GeneratedRegex(@"xmlns:([A-Za-z_][\w.-]*)\s*=")]
    private static partial Regex PrefixDeclaration();

    private static string DeclareMissingPrefixes(string document)
    {
        var declared = PrefixDeclaration().Matches(document).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var missing = PrefixUse().Matches(document)
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .Where(p => p is not ("xml" or "xmlns") && !declared.Contains(p))
            .Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0) return document;
        var nameEnd = document.IndexOfAny([' ', '>', '/', '\t', '\r', '\n'], 1);
        if (nameEnd < 0) return document;
        var declarations = string.Concat(missing.Select(p =>
            $" xmlns:{p}=\"{(FeedNamespaces.ByPrefix.TryGetValue(p, out var uri) ? uri : "urn:undeclared:" + p)}\""));
        return document.Insert(nameEnd, declarations);
    }
}
