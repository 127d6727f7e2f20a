namespace PolicyWatch.Fetching;

/// <summary>How PolicyWatch fetches: limits and manners. Bound from the "Fetch" configuration section.</summary>
public sealed class FetchOptions
{
    /// <summary>Give up on a request that has not finished in this time.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Stop reading a body past this many bytes, counted while streaming (10 MiB).</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Follow at most this many redirects.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Where the User-Agent points people who want to know who is fetching.</summary>
    public string ProjectUrl { get; set; } = "https://github.com/policywatch/policywatch";

    public string UserAgent =>
        $"PolicyWatch/{typeof(FetchOptions).Assembly.GetName().Version?.ToString(3) ?? "0"} (+{ProjectUrl})";
}
