using System.Globalization;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.History;

/// <summary>
/// WordPress sites, recognised by their generator or the REST API's Link header: every feed of
/// theirs pages with <c>?paged=N</c> (N ≥ 2), newest first, and answers 404 past the last page.
/// </summary>
public sealed class WordPressPaging(HistoryPace pace, HistoryOptions options) : IHistoryMethod
{
    public string Name => "wordpress";

    public HistoryMode Mode => HistoryMode.WordPress;

    public Task<(string? Position, string? Reason)> StartAsync(LiveFeed live, CancellationToken cancellationToken)
    {
        var generator = live.Feed.Feed.Generator ?? "";
        var isWordPress = generator.Contains("wordpress", StringComparison.OrdinalIgnoreCase)
            || (live.Fetch.Link ?? "").Contains("https://api.w.org/", StringComparison.OrdinalIgnoreCase);
        return Task.FromResult(isWordPress ? ((string?)"2", (string?)null) : (null, "not a WordPress site (no generator, no api.w.org link)"));
    }

    public async Task<HistoryStep> ReadAsync(SourceDefinition source, HistoryWalk walk, CancellationToken cancellationToken)
    {
        var page = int.Parse(walk.Position!, CultureInfo.InvariantCulture);
        var url = PageUrl(source.Url, page);
        var fetch = await pace.FetchAsync(url, Fetching.UrlOrigin.Operator, options.Pause, cancellationToken);
        if (fetch.Error is not null) return Paging.Failure(url.AbsoluteUri, fetch);
        var (feed, items, problem) = HistoryFeed.Read(source, fetch, fetch.FinalUrl);
        if (feed is null) return HistoryStep.End(url.AbsoluteUri) with { Skipped = problem };
        return new HistoryStep(url.AbsoluteUri, items, items.Count == 0 ? null : (page + 1).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The feed's address with <c>paged=N</c> set, its other parameters kept.</summary>
    public static Uri PageUrl(Uri feed, int page)
    {
        var query = feed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("paged=", StringComparison.OrdinalIgnoreCase))
            .Append($"paged={page}");
        return new UriBuilder(feed) { Query = string.Join('&', query) }.Uri;
    }
}
