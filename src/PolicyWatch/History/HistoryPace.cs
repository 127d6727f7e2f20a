using System.Collections.Concurrent;
using PolicyWatch.Fetching;

namespace PolicyWatch.History;

/// <summary>
/// History's manners on top of the fetcher's (one request per host, limits, guard): a pause
/// between two history requests to the same host, so a walk never hammers a site.
/// </summary>
public sealed class HistoryPace(Fetcher fetcher, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRequest = new(StringComparer.OrdinalIgnoreCase);

    public async Task<FetchResult> FetchAsync(Uri url, UrlOrigin origin, TimeSpan pause, CancellationToken cancellationToken)
    {
        var host = url.IsFile ? "" : url.Authority;
        if (_lastRequest.TryGetValue(host, out var last) && last + pause - time.GetUtcNow() is { } wait && wait > TimeSpan.Zero)
            await Task.Delay(wait, time, cancellationToken);
        try
        {
            return await fetcher.FetchAsync(new FetchRequest(url, Origin: origin), cancellationToken);
        }
        finally
        {
            _lastRequest[host] = time.GetUtcNow();
        }
    }
}
