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
    FeedDate? Updated);

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
