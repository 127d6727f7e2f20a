using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyWatch.Tests.Citing;

/// <summary>
/// Reads our citation exports the way reference managers (citation-js, biber, Zotero) do,
/// structurally: each check returns the problems such a reader would trip on, so a test asserts
/// the list is empty and a failure names all of them.
/// </summary>
public static partial class CitationChecks
{
    /// <summary>
    /// A .bib file: entries <c>@type{key, field = {value}, …}</c>, braces balanced in every entry (BibTeX
    /// counts escaped ones too), unique keys, and TeX's specials escaped in every field but url.
    /// </summary>
    public static IReadOnlyList<string> BibTeXProblems(string bib, out int entries)
    {
        var problems = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        entries = 0;
        var at = 0;
        while ((at = bib.IndexOf('@', at)) >= 0)
        {
            var header = BibHeader().Match(bib, at);
            if (!header.Success || header.Index != at)
            {
                problems.Add($"at {at}: \"{bib.Substring(at, Math.Min(30, bib.Length - at))}\" does not start an entry");
                at++;
                continue;
            }
            entries++;
            var key = header.Groups["key"].Value;
            if (!keys.Add(key)) problems.Add($"{key}: duplicate key");
            // The entry ends where its opening brace closes.
            var depth = 0;
            var end = -1;
            for (var i = header.Index + header.Value.IndexOf('{'); i < bib.Length; i++)
            {
                depth += bib[i] == '{' ? 1 : bib[i] == '}' ? -1 : 0;
                if (depth == 0) { end = i; break; }
            }
            if (end < 0)
            {
                problems.Add($"{key}: braces never balance");
                break;
            }
            foreach (Match field in BibField().Matches(bib[(header.Index + header.Length)..end]))
            {
                var name = field.Groups["name"].Value;
                var value = field.Groups["value"].Value;
                if (name == "url") continue;
                if (UnescapedSpecial().Match(value) is { Success: true } special)
                    problems.Add($"{key}.{name}: unescaped \"{special.Value.TrimStart('x')}\" in \"{value}\"");
            }
            at = end + 1;
        }
        return problems;
    }

    /// <summary>An .ris file: records from TY to ER, every line <c>XX  - value</c>, the file's lines ending CRLF.</summary>
    public static IReadOnlyList<string> RisProblems(string ris, out int records)
    {
        var problems = new List<string>();
        records = 0;
        if (!ris.EndsWith("ER  - \r\n", StringComparison.Ordinal)) problems.Add("the file does not end with ER and CRLF");
        if (Regex.IsMatch(ris, "(?<!\r)\n")) problems.Add("a line ends with LF alone");
        var inRecord = false;
        foreach (var (line, i) in ris.Split("\r\n").SkipLast(1).Select((l, i) => (l, i)))
        {
            if (!RisLine().IsMatch(line)) problems.Add($"line {i + 1}: \"{line}\" is not a tag line");
            var tag = line.Length >= 2 ? line[..2] : line;
            if (tag == "TY")
            {
                if (inRecord) problems.Add($"line {i + 1}: TY inside a record");
                inRecord = true;
                records++;
            }
            else if (!inRecord) problems.Add($"line {i + 1}: {tag} outside a record");
            if (tag == "ER") inRecord = false;
        }
        if (inRecord) problems.Add("the last record has no ER");
        return problems;
    }

    /// <summary>CSL-JSON as citeproc reads it: an array of objects with id and type; names either {family, given?} or {literal}; dates as date-parts.</summary>
    public static IReadOnlyList<string> CslJsonProblems(string json, out int items)
    {
        var problems = new List<string>();
        using var document = JsonDocument.Parse(json);
        items = 0;
        if (document.RootElement.ValueKind != JsonValueKind.Array) return ["not an array"];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in document.RootElement.EnumerateArray())
        {
            items++;
            var id = item.TryGetProperty("id", out var idValue) ? idValue.GetString() ?? "" : "";
            if (id.Length == 0) problems.Add($"item {items}: no id");
            else if (!ids.Add(id)) problems.Add($"{id}: duplicate id");
            if (!item.TryGetProperty("type", out var type) || type.GetString() is not ("webpage" or "article-newspaper" or "post-weblog" or "legislation"))
                problems.Add($"{id}: no CSL type");
            if (!item.TryGetProperty("title", out var title) || title.GetString() is not { Length: > 0 }) problems.Add($"{id}: no title");
            foreach (var role in new[] { "author", "editor" })
            {
                if (!item.TryGetProperty(role, out var names)) continue;
                foreach (var name in names.EnumerateArray())
                {
                    var literal = name.TryGetProperty("literal", out var l) && l.GetString() is { Length: > 0 };
                    var family = name.TryGetProperty("family", out var f) && f.GetString() is { Length: > 0 };
                    if (literal == family) problems.Add($"{id}.{role}: {name.GetRawText()} is neither {{family, given}} nor {{literal}}");
                    if (literal && name.TryGetProperty("given", out _)) problems.Add($"{id}.{role}: a literal name with a given name");
                }
            }
            foreach (var date in new[] { "issued", "accessed" })
            {
                if (!item.TryGetProperty(date, out var value)) continue;
                if (!value.TryGetProperty("date-parts", out var parts) || parts[0].GetArrayLength() is < 1 or > 3
                    || parts[0].EnumerateArray().Any(p => p.ValueKind != JsonValueKind.Number))
                    problems.Add($"{id}.{date}: not date-parts");
            }
        }
        return problems;
    }

    [GeneratedRegex(@"@(?<type>[a-z]+)\{(?<key>[^,\s{}]+),\n")]
    private static partial Regex BibHeader();

    // A field is one line: our entries never break a value across lines.
    [GeneratedRegex(@"^  (?<name>[a-z]+) = \{(?<value>.*)\},?$", RegexOptions.Multiline)]
    private static partial Regex BibField();

    // & % $ # _ without the backslash before them; ~ and ^ anywhere (they are written as \text… commands).
    [GeneratedRegex(@"(?<!\\)[&%$#_]|[~^]")]
    private static partial Regex UnescapedSpecial();

    /// <summary>An RIS line: a tag of a capital and a capital or digit, two spaces, a hyphen, a space, the value.</summary>
    [GeneratedRegex(@"^[A-Z][A-Z0-9]  - (\S.*)?$")]
    internal static partial Regex RisLine();
}
