using System.Collections.Concurrent;

namespace PolicyWatch.Fetching;

/// <summary>
/// At most one request in flight per host: one turn per host authority (host and port,
/// lower-cased), whoever asks for it (a feed, an article page, any source). Share one instance
/// across every <see cref="Fetcher"/>, or the rule holds per fetcher only.
/// </summary>
public sealed class HostGate
{
    // One semaphore per host ever fetched: a few hundred at most, so they are never removed.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.Ordinal);

    /// <summary>Waits for the URL's host to be free; disposing the result frees it. file: URLs pass at once.</summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting; the host's turn is not taken.</exception>
    public async Task<IDisposable> EnterAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.IsFile) return Turn.None;
        var host = _hosts.GetOrAdd(url.Authority.ToLowerInvariant(), _ => new SemaphoreSlim(1, 1));
        await host.WaitAsync(cancellationToken);
        return new Turn(host);
    }

    /// <summary>A host's turn; releases it once, however often it is disposed.</summary>
    private sealed class Turn(SemaphoreSlim? host) : IDisposable
    {
        public static readonly Turn None = new(null);

        private SemaphoreSlim? _host = host;

        public void Dispose() => Interlocked.Exchange(ref _host, null)?.Release();
    }
}
