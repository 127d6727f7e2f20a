using System.Collections.Concurrent;

namespace PolicyWatch.Fetching;

/// <summary>
/// Manners on top of the fetcher's one-request-per-host rule, for background work that makes many
/// requests to one site (history walks, the Internet Archive): a pause between the end of one request
/// to a host and the start of the next.
/// </summary>
public sealed class HostPause(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRequest = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits until <paramref name="pause"/> has passed since the last request to the URL's host, then sends.</summary>
    public async Task<FetchResult> SendAsync(Uri url, TimeSpan pause, Func<CancellationToken, Task<FetchResult>> send, CancellationToken cancellationToken)
    {
        var host = url.IsFile ? "" : url.Authority;
        if (_lastRequest.TryGetValue(host, out var last) && last + pause - time.GetUtcNow() is { } wait && wait > TimeSpan.Zero)
            await Task.Delay(wait, time, cancellationToken);
        try
        {
            return await send(cancellationToken);
        }
        finally
        {
            _lastRequest[host] = time.GetUtcNow();
        }
    }
}
