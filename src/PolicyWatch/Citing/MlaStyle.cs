namespace PolicyWatch.Citing;

/// <summary>
/// MLA 9, works-cited entry:
/// <c>Doe, Jane. "Title." Publisher, 28 May 2024, URL. Accessed 22 Nov. 2026.</c>
/// </summary>
/// <remarks>
/// No author, or an organisation that is also the publisher: MLA 9 starts with the title and
/// names the organisation once, as publisher. Three or more authors: the first and "et al.".
/// URLs keep their scheme so they stay links in a document.
/// </remarks>
internal static class MlaStyle
{
    public static string Entry(CitableItem item)
    {
        var authors = CitedAuthors.Of(item);
        var parts = new List<string>();
        if (authors.Count > 0 && !authors.IsPublisher) parts.Add(CitationText.EndSentence(AuthorList(authors.Names)));
        parts.Add(CitationText.Quoted(CitationText.Title(item.Title), '.'));
        var container = new List<string>();
        if (authors.Publisher.Length > 0) container.Add(authors.Publisher);
        if (!item.DateIsFirstSeen) container.Add(CitationDates.Mla(item.PublishedAt));
        container.Add(item.CitedUrl);
        parts.Add(string.Join(", ", container) + ".");
        parts.Add($"Accessed {CitationDates.Mla(item.AccessedAt)}.");
        return string.Join(' ', parts);
    }

    private static string AuthorList(IReadOnlyList<AuthorName> names) => names.Count switch
    {
        1 => names[0].Inverted,
        2 => $"{names[0].Inverted}, and {names[1].Natural}",
        _ => $"{names[0].Inverted}, et al",
    };
}
