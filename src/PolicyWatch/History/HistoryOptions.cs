namespace PolicyWatch.History;

/// <summary>How history walks pace themselves. Bound from the "History" configuration section.</summary>
public sealed class HistoryOptions
{
    /// <summary>False: no source's history is walked by the scheduler (the <c>backfill</c> command still works).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduler gives history a turn.</summary>
    public TimeSpan WakeEvery { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Pages (archives, feed pages, captures) one source reads per turn, so live crawls are never starved.</summary>
    public int MaxPagesPerRun { get; set; } = 20;

    /// <summary>
    /// Pages one source's walk reads in all, over every turn: a site that makes up older pages without end
    /// (each a second older than the last) is content too, and must not be walked for ever.
    /// </summary>
    public int MaxPagesPerWalk { get; set; } = 10_000;

    /// <summary>The pause between two history requests to the same host.</summary>
    public TimeSpan Pause { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The pause between two requests to the Internet Archive, which asks to be treated gently.</summary>
    public TimeSpan ArchivePause { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The Internet Archive's address (captures and the CDX API); tests point it at a local server.</summary>
    public Uri ArchiveUrl { get; set; } = new("https://web.archive.org");

    /// <summary>The most CDX rows read for one feed (its captures, oldest first); the rest are not needed to space captures.</summary>
    public int MaxCaptures { get; set; } = 100_000;

    /// <summary>How long a walk that met a server error waits before it goes on (a Retry-After, if longer, wins).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(30);
}
