namespace PolicyWatch.Crawling;

/// <summary>How the crawler paces itself. Bound from the "Crawl" configuration section.</summary>
public sealed class CrawlOptions
{
    /// <summary>False: the site serves what is stored and fetches nothing (a read-only web node, a demo, tests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduler wakes to look for due sources.</summary>
    public TimeSpan WakeEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Fetches in flight at once, across all hosts. Never more than one per host.</summary>
    public int MaxConcurrentFetches { get; set; } = 4;

    /// <summary>Up to this share of a source's interval is added at random, so sources drift apart.</summary>
    public double JitterFraction { get; set; } = 0.1;

    /// <summary>The longest a failing source waits before it is tried again.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(24);
}
