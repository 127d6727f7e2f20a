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

    /// <summary>
    /// The most entries one fetch stores: the newest this many; the rest are counted as skipped with
    /// a note. A feed of 100,000 entries is an attack or a mistake, and storing it would hold the
    /// database's write lock for a minute. History (older entries) has its own path.
    /// </summary>
    public int MaxItemsPerFetch { get; set; } = 1000;

    /// <summary>Items written per transaction, so no write holds the lock for long whatever a feed brings.</summary>
    public int ItemsPerTransaction { get; set; } = 200;

    /// <summary>The most article pages one crawl of a source archives (new items first, then any left over).</summary>
    public int MaxPagesPerCrawl { get; set; } = 50;

    /// <summary>How long a page that failed to archive waits before its next try (three tries in all).</summary>
    public TimeSpan ArchiveRetryAfter { get; set; } = TimeSpan.FromHours(6);

    /// <summary>This node's name, in the log, the fetch log and on /sources (which node crawled a source last).</summary>
    public string Node { get; set; } = Environment.MachineName;

    /// <summary>
    /// How long a node holds the due sources it took before another node may take them: a node killed mid-crawl
    /// gives its sources back when this runs out. Longer than one source's crawl (its fetch and its pages) can take.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(30);
}
