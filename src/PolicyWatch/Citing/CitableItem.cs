using PolicyWatch.Catalog;

namespace PolicyWatch.Citing;

/// <summary>
/// What every citation style and export needs to know about one stored item.
/// Text is plain (no HTML); dates are UTC.
/// </summary>
/// <param name="Id">Our permalink id; never reused, so it also makes citation keys unique.</param>
/// <param name="Authors">
/// One name per person or organisation, in order, as the source wrote it ("Jane Doe", "Doe, Jane", "EDRi"); may be
/// empty. A creator string that names several people is split before it gets here (<see cref="Normalizing.AuthorNames"/>).
/// </param>
/// <param name="Publisher">The source's name, e.g. "EDRi".</param>
/// <param name="DateIsFirstSeen">
/// True when the source gave no date and <paramref name="PublishedAt"/> is when we first saw the item;
/// citations then say the publication date is unknown instead of presenting a guess as fact.
/// </param>
/// <param name="Permalink">Our item page; cited only when the item has no URL of its own.</param>
/// <param name="AccessedAt">When the citation is made (the "accessed"/"retrieved" date).</param>
public sealed record CitableItem(
    long Id,
    string Title,
    IReadOnlyList<string> Authors,
    string Publisher,
    ItemKind Kind,
    DateTimeOffset PublishedAt,
    bool DateIsFirstSeen,
    string? Url,
    string? CanonicalUrl,
    string Permalink,
    DateTimeOffset AccessedAt)
{
    public string? Summary { get; init; }

    /// <summary>BCP 47 language tag ("en", "de"), when known.</summary>
    public string? Language { get; init; }

    public IReadOnlyList<string> Jurisdictions { get; init; } = [];
    public IReadOnlyList<string> Dossiers { get; init; } = [];
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>A copy of the page at the Internet Archive, when one is known: styles that have a place for it cite it.</summary>
    public ArchivedCopy? ArchivedCopy { get; init; }

    /// <summary>The story the item is in (the id of the item that founded it; its own when alone): for exports of a view's rows.</summary>
    public long? StoryId { get; init; }

    /// <summary>The URL a citation points to: canonical (tracking parameters removed), else original, else ours.</summary>
    public string CitedUrl => CanonicalUrl ?? Url ?? Permalink;

    /// <summary>Jurisdictions, dossiers and topics, in that order, without repeats: the keywords of exports.</summary>
    public IEnumerable<string> Keywords =>
        Jurisdictions.Concat(Dossiers).Concat(Topics)
            .Where(k => !string.IsNullOrWhiteSpace(k))
            .Distinct(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A capture of the cited page at the Internet Archive: its address and when it was taken (UTC).</summary>
public sealed record ArchivedCopy(string Url, DateTimeOffset CapturedAt)
{
    /// <summary>The archive, as CSL-JSON's <c>archive</c> and the notes name it.</summary>
    public const string Archive = "Internet Archive";

    /// <summary>The archive's service that holds and replays captures, as Chicago and MLA name it.</summary>
    public const string Service = "Wayback Machine";
}
