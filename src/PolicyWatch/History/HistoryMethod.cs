using PolicyWatch.Catalog;
using PolicyWatch.Crawling;
using PolicyWatch.Fetching;
using PolicyWatch.Normalizing;
using PolicyWatch.Parsing;
using PolicyWatch.Storage;

namespace PolicyWatch.History;

/// <summary>The source's live feed as fetched when a walk starts: what the methods recognise a site by.</summary>
public sealed record LiveFeed(SourceDefinition Source, FetchResult Fetch, ParsedFeed Feed);

/// <summary>
/// One page a history method read. <see cref="Next"/> is the position after it (null: nothing
/// older); a page that could not be used says why in <see cref="Skipped"/> and the walk goes on; a
/// failure worth retrying later (a 5xx, a 429) is an <see cref="Error"/> and the walk stays where it was.
/// </summary>
public sealed record HistoryStep(string Address, IReadOnlyList<NormalizedItem> Items, string? Next)
{
    /// <summary>When the page is an archive capture: the time it was taken, the date of undated items in it.</summary>
    public DateTimeOffset? CapturedAt { get; init; }

    /// <summary>An RFC 5005 archive: it never changes, so it is recorded and never fetched again.</summary>
    public bool NeverChanges { get; init; }

    public string? Skipped { get; init; }

    public string? Error { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Where the page's own items would go next if it has none: paging ended.</summary>
    public static HistoryStep End(string address) => new(address, [], null);

    public static HistoryStep Failed(string address, FetchResult fetch) =>
        new(address, [], null) { Error = fetch.Error ?? $"HTTP {fetch.HttpStatus}", RetryAfter = fetch.RetryAfter };
}

/// <summary>A way of walking a source's older items.</summary>
public interface IHistoryMethod
{
    /// <summary>The name feeds.json pins it with and /sources shows: rfc5005, paged, wordpress, archive.</summary>
    string Name { get; }

    /// <summary>The <c>"history"</c> value of a source that pins this method.</summary>
    HistoryMode Mode { get; }

    /// <summary>The first position of a walk over this source, or null when the method does not apply (and why).</summary>
    Task<(string? Position, string? Reason)> StartAsync(LiveFeed live, CancellationToken cancellationToken);

    /// <summary>Reads the page at the walk's position.</summary>
    Task<HistoryStep> ReadAsync(SourceDefinition source, HistoryWalk walk, CancellationToken cancellationToken);
}

/// <summary>Reading a fetched page as a feed, the way every history method does.</summary>
internal static class HistoryFeed
{
    /// <summary>
    /// The feed's items, read as a crawl reads them (<see cref="DocumentReader.ReadFeed"/>) but resolved
    /// against <paramref name="documentUrl"/>; null with why when it is not a usable feed.
    /// </summary>
    public static (ParsedFeed? Feed, IReadOnlyList<NormalizedItem> Items, string? Problem) Read(SourceDefinition source, FetchResult fetch, Uri documentUrl)
    {
        var (feed, read) = DocumentReader.ReadFeed(source, fetch, documentUrl, identifiedOnlyWhenMalformed: true);
        return (feed, read.Items, read.Error);
    }

    /// <summary>
    /// A link the walk found in a page is fetched as content, unless it stays on the source's own
    /// origin (an intranet feed's own archives): the operator trusted that origin already.
    /// </summary>
    public static UrlOrigin OriginOf(Uri url, SourceDefinition source) =>
        url.Scheme == source.Url.Scheme && string.Equals(url.Authority, source.Url.Authority, StringComparison.OrdinalIgnoreCase)
            ? UrlOrigin.Operator : UrlOrigin.Content;
}
