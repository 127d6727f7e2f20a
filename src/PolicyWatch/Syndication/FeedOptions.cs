namespace PolicyWatch.Syndication;

/// <summary>How feeds are published; bound from the "Feeds" configuration section.</summary>
public sealed class FeedOptions
{
    /// <summary>Absolute site address used in feeds (e.g. https://policywatch.example.org/); null: the request's own.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// The authority of our tag: URIs (RFC 4151), so entry ids stay the same whatever host or
    /// scheme serves the feed. Change it and every reader sees every entry as new.
    /// </summary>
    public string TagAuthority { get; set; } = "policywatch.invalid,2025";

    /// <summary>Entries in a view's feed.</summary>
    public int Entries { get; set; } = 50;

    /// <summary>Closed weeks a weekly digest publishes.</summary>
    public int WeeklyPeriods { get; set; } = 12;

    /// <summary>Closed days a daily digest publishes.</summary>
    public int DailyPeriods { get; set; } = 30;

    /// <summary>
    /// How long after a period ends before it is frozen and published: a crawl that started
    /// before midnight stamps its items with its start time but may commit a little after.
    /// </summary>
    public TimeSpan DigestGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Cache-Control max-age on feeds.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    public string Tag(string specific) => $"tag:{TagAuthority}:{specific}";
}
