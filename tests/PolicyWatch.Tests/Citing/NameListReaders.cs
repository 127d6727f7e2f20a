using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyWatch.Tests.Citing;

/// <summary>A name as a reference manager reads it back: a person (family, given, suffix) or a literal, kept whole.</summary>
public sealed record ReadName(string? Family, string? Given, string? Suffix, string? Literal)
{
    public static ReadName Person(string family, string? given, string? suffix = null) => new(family, given, suffix, null);

    public static ReadName Whole(string literal) => new(null, null, null, literal);

    public override string ToString() => Literal is not null ? $"{{{Literal}}}" : $"[{Family} | {Given} | {Suffix}]";
}

/// <summary>
/// Strict readers of the author lists in our citations, by the grammar of each format, as citation-js,
/// bibtexparser and rispy (with the name rules their users apply) read them. Anything outside the grammar throws,
/// so a test fails on output a consumer would misread.
/// </summary>
public static partial class NameListReaders
{
    /// <summary>
    /// The <c>author</c> field of one BibTeX entry (none: empty). BibTeX's name grammar: names separated by "and"
    /// between spaces at brace depth 0; each "von Last, First", "von Last, Jr, First" or "First von Last" (von words
    /// start in lower case); a name that is one brace group is kept whole. TeX escapes are undone as biber does.
    /// </summary>
    public static IReadOnlyList<ReadName> BibTeX(string entry)
    {
        var field = BibAuthorField().Match(entry);
        return field.Success ? SplitAtDepthZero(field.Groups["value"].Value, " and ").Select(BibTeXName).ToList() : [];
    }

    private static ReadName BibTeXName(string name)
    {
        name = name.Trim();
        if (name.Length == 0) throw new FormatException("an empty name in a BibTeX name list");
        if (name[0] == '{' && ClosingBrace(name, 0) == name.Length - 1) return ReadName.Whole(TeX(name[1..^1]));
        var parts = SplitAtDepthZero(name, ",").Select(p => p.Trim()).ToList();
        if (parts.Any(p => p.Length == 0 && parts.Count < 3)) throw new FormatException($"an empty part in the BibTeX name \"{name}\"");
        var (vonLast, jr, first) = parts.Count switch
        {
            1 => SplitFirstVonLast(parts[0]),
            2 => (parts[0], null, parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => throw new FormatException($"more than two commas in the BibTeX name \"{name}\""),
        };
        return ReadName.Person(TeX(vonLast), first is { Length: > 0 } ? TeX(first) : null, jr is { Length: > 0 } ? TeX(jr) : null);
    }

    /// <summary>"First von Last": the von part starts at the first word in lower case; Last is at least the last word.</summary>
    private static (string VonLast, string? Jr, string? First) SplitFirstVonLast(string name)
    {
        var words = SplitAtDepthZero(name, " ").Where(w => w.Length > 0).ToList();
        var von = words.FindIndex(0, words.Count - 1, w => char.IsLower(w[0]));
        var familyStart = von >= 0 ? von : words.Count - 1;
        return (string.Join(' ', words[familyStart..]), null, familyStart == 0 ? null : string.Join(' ', words[..familyStart]));
    }

    /// <summary>Undoes the escapes our writer uses; any other command, or a brace left over, is a reader's error.</summary>
    private static string TeX(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '{' or '}') throw new FormatException($"a bare brace in \"{text}\"");
            if (text[i] != '\\') { builder.Append(text[i]); continue; }
            var command = TeXCommand().Match(text, i);
            if (!command.Success || command.Index != i) throw new FormatException($"an unknown TeX command in \"{text}\"");
            builder.Append(command.Groups["char"].Success ? command.Groups["char"].Value : command.Groups["name"].Value switch
            {
                "textbraceleft" => "{",
                "textbraceright" => "}",
                "textasciitilde" => "~",
                "textasciicircum" => "^",
                "textbackslash" => "\\",
                var other => throw new FormatException($"an unknown TeX command \\{other} in \"{text}\""),
            });
            i += command.Length - 1;
        }
        return builder.ToString();
    }

    /// <summary>
    /// The <c>AU</c> lines of one RIS record, by the RIS syntax "Lastname, Firstname, Suffix": a value without a comma
    /// is one name kept whole (a corporate author).
    /// </summary>
    public static IReadOnlyList<ReadName> Ris(string record)
    {
        var names = new List<ReadName>();
        foreach (var line in record.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
        {
            if (!CitationChecks.RisLine().IsMatch(line)) throw new FormatException($"\"{line}\" is not an RIS tag line");
            if (!line.StartsWith("AU  - ", StringComparison.Ordinal)) continue;
            var parts = line["AU  - ".Length..].Split(',').Select(p => p.Trim()).ToArray();
            names.Add(parts switch
            {
                [var whole] => ReadName.Whole(whole),
                [var family, var given] => ReadName.Person(family, given),
                [var family, var given, var suffix] => ReadName.Person(family, given, suffix),
                _ => throw new FormatException($"\"{line}\" has more parts than Lastname, Firstname, Suffix"),
            });
        }
        return names;
    }

    /// <summary>The <c>author</c> array of one CSL-JSON item: each {family, given?, suffix?} or {literal}, nothing else.</summary>
    public static IReadOnlyList<ReadName> CslJson(JsonElement item)
    {
        if (!item.TryGetProperty("author", out var authors)) return [];
        return authors.EnumerateArray().Select(name =>
        {
            var keys = name.EnumerateObject().Select(p => p.Name).ToHashSet();
            if (keys.Except(["family", "given", "suffix", "literal"]).FirstOrDefault() is { } unknown)
                throw new FormatException($"a CSL name with \"{unknown}\"");
            string? Text(string key) => name.TryGetProperty(key, out var value) ? value.GetString() : null;
            if (keys.Contains("literal"))
                return keys.Count == 1 ? ReadName.Whole(Text("literal")!) : throw new FormatException("a CSL literal name with other parts");
            return ReadName.Person(Text("family") ?? throw new FormatException("a CSL name with neither family nor literal"),
                Text("given"), Text("suffix"));
        }).ToList();
    }

    /// <summary><paramref name="text"/> split at <paramref name="separator"/> (case-insensitive) where no brace is open.</summary>
    private static List<string> SplitAtDepthZero(string text, string separator)
    {
        var parts = new List<string>();
        var (depth, start) = (0, 0);
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
            if (depth < 0) throw new FormatException($"a closing brace before its opening one in \"{text}\"");
            if (depth == 0 && string.Compare(text, i, separator, 0, separator.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                parts.Add(text[start..i]);
                start = i + separator.Length;
                i = start - 1;
            }
        }
        if (depth != 0) throw new FormatException($"braces do not balance in \"{text}\"");
        parts.Add(text[start..]);
        return parts;
    }

    private static int ClosingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
            if (depth == 0) return i;
        }
        return -1;
    }

    [GeneratedRegex(@"^  author = \{(?<value>.*)\},?$", RegexOptions.Multiline)]
    private static partial Regex BibAuthorField();

    // \& \% \$ \# \_ or a command with an empty group: \textbraceleft{}.
    [GeneratedRegex(@"\\(?:(?<char>[&%$#_])|(?<name>[a-z]+)\{\})")]
    private static partial Regex TeXCommand();
}
