namespace PolicyWatch.Crawling;

/// <summary>When a source is fetched next, after success or failure.</summary>
public sealed class Schedule(CrawlOptions options, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <summary>
    /// After a success: the source's interval plus jitter, or longer when the server's
    /// Cache-Control max-age asks for it (capped like backoff).
    /// </summary>
    public DateTimeOffset AfterSuccess(DateTimeOffset now, TimeSpan every, TimeSpan? maxAge)
    {
        var wait = maxAge is { } age && age > every ? Min(age, options.MaxBackoff) : every;
        return now + wait + Jitter(every);
    }

    /// <summary>
    /// After the <paramref name="failuresInRow"/>-th failure in a row: the interval doubled for each
    /// earlier failure, capped, and never sooner than the server's Retry-After.
    /// </summary>
    public DateTimeOffset AfterFailure(DateTimeOffset now, TimeSpan every, int failuresInRow, TimeSpan? retryAfter)
    {
        var exponent = Math.Clamp(failuresInRow - 1, 0, 30);
        var backoff = Min(TimeSpan.FromTicks((long)Math.Min(every.Ticks * Math.Pow(2, exponent), TimeSpan.MaxValue.Ticks / 2)), options.MaxBackoff);
        var wait = retryAfter is { } asked && asked > backoff ? Min(asked, TimeSpan.FromDays(7)) : backoff;
        return now + wait + Jitter(every);
    }

    private TimeSpan Jitter(TimeSpan every) =>
        TimeSpan.FromTicks((long)(Min(every, TimeSpan.FromHours(1)).Ticks * options.JitterFraction * _random()));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
