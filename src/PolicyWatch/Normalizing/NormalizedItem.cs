using PolicyWatch.Catalog;

namespace PolicyWatch.Normalizing;

/// <summary>
/// An item ready to store: identity settled, URL canonical, HTML sanitized, text plain, dates UTC.
/// </summary>
/// <param name="Authors">
/// Who wrote it, one person or organisation each, in order (<see cref="AuthorNames"/>); for a milestone, the
/// institution that published the page it cites.
/// </param>
public sealed record NormalizedItem(
    string Guid,
    ItemKind Kind,
    string Title,
    string? Url,
    string? CanonicalUrl,
    IReadOnlyList<string> Authors,
    string? SummaryHtml,
    string? SummaryText,
    string? ContentText,
    DateTimeOffset? PublishedAt,
    string? PublishedRaw,
    DateTimeOffset? UpdatedAt,
    string ContentHash)
{
    /// <summary>Legislative stage, when the source says it (html and parliament sources).</summary>
    public string? Stage { get; init; }

    /// <summary>The dossier a legislative event belongs to.</summary>
    public string? DossierId { get; init; }

    /// <summary>What kind of official entry this is, e.g. "Sitting" or "Publication" in a UK bill feed.</summary>
    public string? Category { get; init; }

    /// <summary>The official document reference of a legislative event, e.g. A9-0364/2023.</summary>
    public string? Reference { get; init; }

    /// <summary>Who took an official step: "House of Commons", "House of Lords", "European Parliament".</summary>
    public string? Institution { get; init; }

    /// <summary>
    /// The texts that were cut to their <see cref="TextLimits"/>, by name ("title", "author", "summary", "content",
    /// "stage", "reference"): what the fetch note reports (<see cref="TextLimits.Note"/>).
    /// </summary>
    public IReadOnlyList<string> Truncated { get; init; } = [];
}
