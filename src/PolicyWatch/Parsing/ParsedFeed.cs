namespace PolicyWatch.Parsing;

/// <summary>
/// What a feed document says, in one shape for every format. Field meanings follow the
/// Universal Feed Parser's normalized names (see ../shared/corpus/feeds/README.md).
/// </summary>
public sealed record ParsedFeed(
    string Format,
    bool Bozo,
    string? BozoReason,
    FeedHeader Feed,
    IReadOnlyList<ParsedEntry> Entries);

public sealed record FeedHeader(
    string? Title,
    string? Link,
    string? Subtitle,
    string? Language,
    FeedDate? Updated)
{
    /// <summary>
    /// The feed's links other than its alternate, by relation (first of each): RFC 5005's
    /// prev-archive, next-archive and current, paging's next and previous, self. Absolute when
    /// they could be resolved; content, so never trusted.
    /// </summary>
    public IReadOnlyDictionary<string, string> Relations { get; init; } = new Dictionary<string, string>();

    /// <summary>What the feed says made it (<c>https://wordpress.org/?v=6.4</c>, <c>WordPress</c>), with its uri when it has one.</summary>
    public string? Generator { get; init; }

    /// <summary>RFC 5005 <c>fh:archive</c>: this document is an archive, and never changes.</summary>
    public bool IsArchive { get; init; }

    /// <summary>RFC 5005 <c>fh:complete</c>: this document holds every entry there is.</summary>
    public bool IsComplete { get; init; }
}

public sealed record ParsedEntry(
    string? Id,
    string? Title,
    string? Link,
    string? Summary,
    string? Content,
    FeedDate? Published,
    FeedDate? Updated,
    string? Author,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Categories,
    IReadOnlyList<Enclosure> Enclosures)
{
    /// <summary>A picture for the entry (media:thumbnail, itunes:image, JSON Feed image), absolute when it could be resolved.</summary>
    public string? ImageUrl { get; init; }
}

public sealed record Enclosure(string Url, string? Type, long? Length);

/// <summary>A date as the feed wrote it, beside what we made of it (null when it could not be parsed).</summary>
public sealed record FeedDate(string Raw, DateTimeOffset? Value);

/// <summary>Nothing usable could be read from the document.</summary>
public sealed class FeedParseException(string message) : Exception(message);
