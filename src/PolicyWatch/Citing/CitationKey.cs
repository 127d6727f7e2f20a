using System.Globalization;
using System.Text;

namespace PolicyWatch.Citing;

/// <summary>
/// The key of an item in BibTeX and CSL-JSON: <c>doe2024chat-4711</c>, the first author (or
/// publisher), the year, the first word of the title and our permalink id.
/// </summary>
/// <remarks>
/// The id makes keys unique by construction, even when authors, titles and dates collide,
/// without remembering every key of an export (which would grow with the view), and keeps
/// an item's key the same on its page and in every export, so a bibliography built from both
/// does not get duplicates.
/// </remarks>
public static class CitationKey
{
    private static readonly HashSet<string> SkippedTitleWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "der", "die", "das", "le", "la", "les", "el", "los", "de", "het", "een",
    };

    public static string For(CitableItem item)
    {
        var authors = CitedAuthors.Of(item).OrPublisher();
        var name = authors.Count == 0 ? "" : Slug(authors[0].Family ?? authors[0].Literal!, 20);
        // Words end at anything that is not a letter or digit: "=HYPERLINK(" gives "hyperlink".
        var word = Words(CitationText.Clean(item.Title))
            .Select(w => Slug(w, 20))
            .FirstOrDefault(w => w.Length > 0 && !SkippedTitleWords.Contains(w)) ?? "";
        var year = CitationDates.Utc(item.PublishedAt).Year.ToString(CultureInfo.InvariantCulture);
        return $"{(name.Length == 0 ? "item" : name)}{year}{word}-{item.Id.ToString(CultureInfo.InvariantCulture)}";
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i])) continue;
            if (i > start) yield return text[start..i];
            start = i + 1;
        }
    }

    /// <summary>Lower-case ASCII letters and digits only, accents folded: "Müller" → "muller".</summary>
    internal static string Slug(string text, int maxLength)
    {
        var builder = new StringBuilder(maxLength);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength) break;
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
            else if (Folded.TryGetValue(char.ToLowerInvariant(c), out var ascii)) builder.Append(ascii);
        }
        return builder.Length > maxLength ? builder.ToString(0, maxLength) : builder.ToString();
    }

    // The build runs with invariant globalization, where string.Normalize cannot decompose
    // accents, so Latin letters are folded from this table; other scripts are dropped.
    private static readonly Dictionary<char, string> Folded = BuildFolded(
        ("a", "àáâãäåāăą"), ("c", "çćĉċč"), ("d", "ďđð"), ("e", "èéêëēĕėęě"), ("g", "ĝğġģ"), ("h", "ĥħ"),
        ("i", "ìíîïĩīĭįı"), ("j", "ĵ"), ("k", "ķ"), ("l", "ĺļľŀł"), ("n", "ñńņňŉ"), ("o", "òóôõöøōŏő"),
        ("r", "ŕŗř"), ("s", "śŝşšș"), ("t", "ţťŧț"), ("u", "ùúûüũūŭůűų"), ("w", "ŵ"), ("y", "ýÿŷ"),
        ("z", "źżž"), ("ae", "æ"), ("oe", "œ"), ("ss", "ß"), ("th", "þ"));

    private static Dictionary<char, string> BuildFolded(params (string Ascii, string Letters)[] groups) =>
        groups.SelectMany(g => g.Letters.Select(c => (c, g.Ascii))).ToDictionary(p => p.c, p => p.Ascii);
}
