using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.History;

/// <summary>Paged feeds (RFC 5005 section 3, and JSON Feed's <c>next_url</c>): follow <c>next</c> page by page.</summary>
public sealed class PagedFeed(HistoryPace pace, HistoryOptions options) : IHistoryMethod
{
    public string Name => "paged";

    public HistoryMode Mode => HistoryMode.Paged;

    public Task<(string? Position, string? Reason)> StartAsync(LiveFeed live, CancellationToken cancellationToken) =>
        Task.FromResult(live.Feed.Feed.Relations.TryGetValue("next", out var next) && !SameAs(next, live.Source.Url)
            ? ((string?)next, (string?)null)
            : (null, "the feed links no next page"));

    public async Task<HistoryStep> ReadAsync(SourceDefinition source, HistoryWalk walk, CancellationToken cancellationToken)
    {
        var address = walk.Position!;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var url)) return HistoryStep.End(address) with { Skipped = "not a URL" };
        var fetch = await pace.FetchAsync(url, HistoryFeed.OriginOf(url, source), options.Pause, cancellationToken);
        if (fetch.Error is not null) return Paging.Failure(address, fetch);
        var (feed, items, problem) = HistoryFeed.Read(source, fetch, fetch.FinalUrl);
        if (feed is null) return HistoryStep.End(address) with { Skipped = problem };
        // A next link back to the first page (or to itself) is the end of the pages, not a loop.
        var next = feed.Feed.Relations.GetValueOrDefault("next");
        return new HistoryStep(address, items, next is null || SameAs(next, source.Url) || SameAs(next, url) ? null : next);
    }

    private static bool SameAs(string link, Uri url) =>
        Uri.TryCreate(link, UriKind.Absolute, out var other) && Uri.Compare(other, url, UriComponents.HttpRequestUrl, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
