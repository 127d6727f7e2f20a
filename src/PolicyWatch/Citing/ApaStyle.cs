namespace PolicyWatch.Citing;

/// <summary>
/// APA 7, reference list entry for a web page or news article:
/// <c>Doe, J., &amp; Smith, J. A. (2024, May 28). Title. Publisher. URL</c>.
/// </summary>
/// <remarks>
/// No author: APA 7 (§9.11 group authors; §9.12 when there is no author) asks first whether an
/// organisation is the author, which on an organisation's site or feed it is; so the publisher
/// becomes the group author and, being the same as the site name, is not repeated
/// (<c>EDRi. (2024, May 28). Title. URL</c>). Only with no publisher either does the title move
/// to the author position. No known date: "(n.d.)" with a retrieval date (§9.16).
/// Titles stay as the source wrote them: APA wants sentence case, which cannot be derived
/// safely from names like "EU" or "Ofcom".
/// </remarks>
internal static class ApaStyle
{
    public static string Reference(CitableItem item)
    {
        var authors = CitedAuthors.Of(item);
        var title = CitationText.EndSentence(CitationText.Title(item.Title));
        var date = item.DateIsFirstSeen ? "(n.d.)." : $"({CitationDates.Apa(item.PublishedAt)}).";
        var parts = new List<string>();
        var byline = authors.OrPublisher();
        if (byline.Count > 0)
        {
            parts.Add(CitationText.EndSentence(AuthorList(byline)));
            parts.Add(date);
            parts.Add(title);
            var publisherIsAuthor = authors.Count == 0 || authors.IsPublisher;
            if (!publisherIsAuthor) parts.Add(CitationText.EndSentence(authors.Publisher));
        }
        else
        {
            parts.Add(title);
            parts.Add(date);
        }
        parts.Add(item.DateIsFirstSeen
            ? $"Retrieved {CitationDates.MonthDayYear(item.AccessedAt)}, from {item.CitedUrl}"
            : item.CitedUrl);
        return string.Join(' ', parts);
    }

    /// <summary>Up to 20 authors in full; from 21, the first 19, an ellipsis and the last (APA 7 §9.8).</summary>
    private static string AuthorList(IReadOnlyList<AuthorName> names)
    {
        var forms = names.Select(n => n.WithInitials).ToList();
        return forms.Count switch
        {
            1 => forms[0],
            <= 20 => $"{string.Join(", ", forms.Take(forms.Count - 1))}, & {forms[^1]}",
            _ => $"{string.Join(", ", forms.Take(19))}, . . . {forms[^1]}",
        };
    }
}
