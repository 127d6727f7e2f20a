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

    /// <summary>
    /// Let links found in fetched content reach private, loopback and link-local addresses. Off:
    /// only the operator's own sources may live on an intranet. Turn on only where every
    /// internal service is safe to publish.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>
    /// Exceptions to the rule above, narrower than turning it off: networks ("10.1.0.0/16"), addresses
    /// ("192.168.1.20") or one port of an address ("127.0.0.1:8080", "[fd00::1]:8443").
    /// </summary>
    public string[] AllowedPrivateNetworks { get; set; } = [];

    /// <summary>Where the User-Agent points people who want to know who is fetching.</summary>
    public string ProjectUrl { get; set; } = "https://github.com/policywatch/policywatch";

    public string UserAgent =>
        $"PolicyWatch/{typeof(FetchOptions).Assembly.GetName().Version?.ToString(3) ?? "0"} (+{ProjectUrl})";
}
