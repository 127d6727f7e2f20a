namespace PolicyWatch.Citing;

/// <summary>
/// Chicago (17th ed.) notes and bibliography, for news and blog posts:
/// note <c>Jane Doe, "Title," Publisher, May 28, 2024, URL.</c>;
/// bibliography <c>Doe, Jane. "Title." Publisher, May 28, 2024. URL.</c>
/// </summary>
/// <remarks>
/// No author: the publisher stands in as author (CMOS 14.206) and is not repeated. No known
/// date: an access date takes its place (CMOS 14.207). Notes name up to three authors, then
/// "et al."; the bibliography names up to ten, else the first seven and "et al." (CMOS 14.76).
/// </remarks>
internal static class ChicagoStyle
{
    public static string Note(CitableItem item)
    {
        var authors = CitedAuthors.Of(item);
        var byline = authors.OrPublisher();
        var names = byline.Count > 3 ? $"{byline[0].Natural} et al." : CitationText.Series(byline.Select(n => n.Natural).ToList());
        var rest = new List<string>();
        if (!PublisherIsAuthor(authors)) rest.Add(authors.Publisher);
        rest.Add(item.DateIsFirstSeen
            ? $"accessed {CitationDates.MonthDayYear(item.AccessedAt)}"
            : CitationDates.MonthDayYear(item.PublishedAt));
        rest.Add(item.CitedUrl);
        var title = CitationText.Quoted(CitationText.Title(item.Title), ',');
        var lead = names.Length == 0 ? title : $"{names}, {title}";
        return $"{lead} {string.Join(", ", rest)}.";
    }

    public static string Bibliography(CitableItem item)
    {
        var authors = CitedAuthors.Of(item);
        var byline = authors.OrPublisher();
        var parts = new List<string>();
        if (byline.Count > 0) parts.Add(CitationText.EndSentence(AuthorList(byline)));
        parts.Add(CitationText.Quoted(CitationText.Title(item.Title), '.'));
        var publication = new List<string>();
        if (!PublisherIsAuthor(authors)) publication.Add(authors.Publisher);
        if (!item.DateIsFirstSeen) publication.Add(CitationDates.MonthDayYear(item.PublishedAt));
        if (publication.Count > 0) parts.Add(string.Join(", ", publication) + ".");
        if (item.DateIsFirstSeen) parts.Add($"Accessed {CitationDates.MonthDayYear(item.AccessedAt)}.");
        parts.Add(item.CitedUrl + ".");
        return string.Join(' ', parts);
    }

    private static bool PublisherIsAuthor(CitedAuthors authors) =>
        authors.Publisher.Length == 0 || authors.Count == 0 || authors.IsPublisher;

    /// <summary>"Doe, Jane, John Smith, and Ann Lee": the first name inverted, the rest natural.</summary>
    private static string AuthorList(IReadOnlyList<AuthorName> names)
    {
        if (names.Count == 1) return names[0].Inverted;
        var shown = names.Count > 10 ? names.Take(7).ToList() : names;
        var forms = shown.Select((n, i) => i == 0 ? n.Inverted : n.Natural).ToList();
        return names.Count > 10
            ? $"{string.Join(", ", forms)}, et al."
            : $"{string.Join(", ", forms.Take(forms.Count - 1))}, and {forms[^1]}";
    }
}
