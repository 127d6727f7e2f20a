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
        var word = CitationText.Clean(item.Title).Split(' ')
            .Select(w => Slug(w, 20))
            .FirstOrDefault(w => w.Length > 0 && !SkippedTitleWords.Contains(w)) ?? "";
        var year = CitationDates.Utc(item.PublishedAt).Year.ToString(CultureInfo.InvariantCulture);
        return $"{(name.Length == 0 ? "item" : name)}{year}{word}-{item.Id.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Lower-case ASCII letters and digits only, accents folded: "Müller" → "muller".</summary>
    internal static string Slug(string text, int maxLength)
    {
        var builder = new StringBuilder(maxLength);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (builder.Length == maxLength) break;
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
