using PolicyWatch.Fetching;

namespace PolicyWatch.History;

/// <summary>
/// History's manners on top of the fetcher's (one request per host, limits, guard): a pause
/// between two history requests to the same host, so a walk never hammers a site.
/// </summary>
public sealed class HistoryPace(Fetcher fetcher, TimeProvider time)
{
    private readonly HostPause _pause = new(time);

    public Task<FetchResult> FetchAsync(Uri url, UrlOrigin origin, TimeSpan pause, CancellationToken cancellationToken) =>
        _pause.SendAsync(url, pause, token => fetcher.FetchAsync(new FetchRequest(url, Origin: origin), token), cancellationToken);
}
