using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.History;

/// <summary>
/// RFC 5005 archived feeds: the subscription document links <c>prev-archive</c>, each archive links
/// the one before it. An archive never changes, so one read is recorded with where it pointed and
/// is never fetched again: a later walk hops over it to the first archive it has not read.
/// </summary>
public sealed class ArchiveChain(HistoryPace pace, HistoryStore store, HistoryOptions options) : IHistoryMethod
{
    public string Name => "rfc5005";

    public HistoryMode Mode => HistoryMode.Archives;

    public Task<(string? Position, string? Reason)> StartAsync(LiveFeed live, CancellationToken cancellationToken) =>
        Task.FromResult(live.Feed.Feed.Relations.TryGetValue("prev-archive", out var archive)
            ? ((string?)archive, (string?)null)
            : (null, "the feed links no prev-archive (RFC 5005)"));

    public async Task<HistoryStep> ReadAsync(SourceDefinition source, HistoryWalk walk, CancellationToken cancellationToken)
    {
        var address = walk.Position!;
        if (await store.KnownPageAsync(source.Id, address, cancellationToken) is { } known)
            return new HistoryStep(address, [], known.Next) { Skipped = "read before" };
        if (!Uri.TryCreate(address, UriKind.Absolute, out var url)) return HistoryStep.End(address) with { Skipped = "not a URL" };
        var fetch = await pace.FetchAsync(url, HistoryFeed.OriginOf(url, source), options.Pause, cancellationToken);
        if (fetch.Error is not null) return Paging.Failure(address, fetch);
        var (feed, items, problem) = HistoryFeed.Read(source, fetch, fetch.FinalUrl);
        if (feed is null) return HistoryStep.End(address) with { Skipped = problem };
        var previous = feed.Feed.Relations.GetValueOrDefault("prev-archive");
        return new HistoryStep(address, items, previous) { NeverChanges = feed.Feed.IsArchive };
    }
}

/// <summary>How paging methods treat a failed page: the end of the pages, or a failure to retry later.</summary>
internal static class Paging
{
    /// <summary>404 and 410 past the last page end the walk; anything else is retried later from the same page.</summary>
    public static HistoryStep Failure(string address, Fetching.FetchResult fetch) =>
        fetch.HttpStatus is 404 or 410 || fetch.Status == Fetching.FetchStatus.Refused
            ? HistoryStep.End(address) with { Skipped = fetch.Error }
            : HistoryStep.Failed(address, fetch);
}
