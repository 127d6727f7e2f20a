namespace PolicyWatch.Archiving;

/// <summary>
/// Archived copies at the Internet Archive: where it is, how gently it is asked, and the credentials for
/// Save Page Now. Bound from the "Archive" configuration section. The addresses are the operator's, trusted
/// like feeds.json; everything the archive answers is content.
/// </summary>
public sealed class ArchiveOptions
{
    /// <summary>False: the scheduler neither looks up nor saves archived copies; what is stored is still shown and cited.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduler gives archived copies a turn.</summary>
    public TimeSpan WakeEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The Wayback Machine: Save Page Now (<c>/save</c>) and captures (<c>/web/…</c>).</summary>
    public Uri Url { get; set; } = new("https://web.archive.org");

    /// <summary>Where the availability API lives (<c>/wayback/available</c>).</summary>
    public Uri AvailabilityUrl { get; set; } = new("https://archive.org");

    /// <summary>An archive.org S3-style access key for Save Page Now; with <see cref="Secret"/>, or neither (anonymous).</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret that goes with <see cref="AccessKey"/>. Sent only to <see cref="Url"/>, never logged or stored.</summary>
    public string? Secret { get; set; }

    /// <summary>Items looked up per turn (availability API); and, apart from them, at most as many status polls of saves.</summary>
    public int MaxLookupsPerRun { get; set; } = 50;

    /// <summary>Pages submitted to Save Page Now per turn; anonymous use is limited to a few captures a minute.</summary>
    public int MaxSavesPerRun { get; set; } = 5;

    /// <summary>The pause between two requests to the same archive host.</summary>
    public TimeSpan Pause { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How soon a submitted capture's job is polled, and then how often.</summary>
    public TimeSpan PollEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A capture still pending this long after it was submitted counts as failed (and is tried again later).</summary>
    public TimeSpan PollFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tries per page for Save Page Now before it is given up.</summary>
    public int MaxSaveAttempts { get; set; } = 5;

    /// <summary>The wait after a failed request (doubling with each failure in a row); a longer Retry-After wins.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest wait after failures, and the most of a Retry-After that is honoured.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromDays(1);

    /// <summary>When the archive holds no copy of a page: the wait before it is asked again (doubling each time).</summary>
    public TimeSpan LookAgainAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest wait between two lookups of a page the archive does not hold.</summary>
    public TimeSpan MaxLookAgainAfter { get; set; } = TimeSpan.FromDays(180);

    /// <summary>The Authorization header Save Page Now gets: <c>LOW key:secret</c>, or null without credentials.</summary>
    internal string? Authorization =>
        string.IsNullOrEmpty(AccessKey) || string.IsNullOrEmpty(Secret) ? null : $"LOW {AccessKey}:{Secret}";

    /// <summary>What cannot be used, naming the setting and never a credential's value; empty when all is well.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(Secret))
            problems.Add("Archive:AccessKey and Archive:Secret go together: set both (authenticated Save Page Now) or neither (anonymous)");
        foreach (var (name, url) in new[] { ("Archive:Url", Url), ("Archive:AvailabilityUrl", AvailabilityUrl) })
            if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
                problems.Add($"{name}: \"{url}\" is not an http(s) address");
        if (MaxLookupsPerRun < 0 || MaxSavesPerRun < 0 || MaxSaveAttempts < 1)
            problems.Add("Archive:MaxLookupsPerRun and Archive:MaxSavesPerRun must be 0 or more, Archive:MaxSaveAttempts 1 or more");
        return problems;
    }
}

/// <summary>An Archive setting that cannot be used; start-up stops and names it.</summary>
public sealed class ArchiveOptionsException(string message) : Exception(message);
