namespace PolicyWatch.Tests.Support.History;

/// <summary>
/// A failure a site answers instead of its document, on the Nth request it receives (counting
/// every request since it started, from 1), for <see cref="Times"/> requests in a row: halfway
/// through a walk, so a test can check that the walk stops, records why, and resumes later.
/// </summary>
/// <param name="OnRequest">The number of the first request that fails.</param>
/// <param name="StatusCode">500, 503, 429…</param>
/// <param name="RetryAfter">Sent as Retry-After in whole seconds, when set.</param>
/// <param name="Times">How many requests in a row fail; <see cref="int.MaxValue"/> for "from then on".</param>
public sealed record SiteFault(int OnRequest, int StatusCode, TimeSpan? RetryAfter = null, int Times = 1)
{
    public static SiteFault ServerError(int onRequest, int times = 1) => new(onRequest, 500, null, times);

    public static SiteFault TooManyRequests(int onRequest, int retryAfterSeconds = 1, int times = 1) =>
        new(onRequest, 429, TimeSpan.FromSeconds(retryAfterSeconds), times);

    internal bool Covers(int requestNumber) => requestNumber >= OnRequest && requestNumber - OnRequest < Times;
}
