namespace PolicyWatch.Official;

/// <summary>Where the parliaments' APIs are and how much of them one crawl reads. Bound from the "Official" configuration section.</summary>
public sealed class OfficialOptions
{
    /// <summary>The UK Parliament's Bills API (uk-bill sources); tests point it at a local server.</summary>
    public Uri UkBillsUrl { get; set; } = new("https://bills-api.parliament.uk");

    /// <summary>The European Parliament's Open Data API, version 2 (ep-procedure sources).</summary>
    public Uri EuroparlUrl { get; set; } = new("https://data.europarl.europa.eu/api/v2");

    /// <summary>Entries asked for per page of a paged answer (a bill's stages).</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>
    /// The most pages of one paged answer a crawl reads; what lies beyond is left for a note. A server
    /// that never stops paging cannot hold a crawl.
    /// </summary>
    public int MaxPages { get; set; } = 20;

    /// <exception cref="OfficialOptionsException">A setting cannot be used; the message names it.</exception>
    public OfficialOptions Validated()
    {
        RequireHttp(UkBillsUrl, "Official:UkBillsUrl");
        RequireHttp(EuroparlUrl, "Official:EuroparlUrl");
        if (PageSize is < 1 or > 1000) throw new OfficialOptionsException($"Official:PageSize: {PageSize} is not between 1 and 1000");
        if (MaxPages is < 1 or > 10_000) throw new OfficialOptionsException($"Official:MaxPages: {MaxPages} is not between 1 and 10000");
        return this;
    }

    private static void RequireHttp(Uri? url, string setting)
    {
        if (url is null || !url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            throw new OfficialOptionsException($"{setting}: \"{url}\" is not an absolute http(s) URL");
    }
}

/// <summary>An Official setting cannot be used: start-up stops with the message.</summary>
public sealed class OfficialOptionsException(string message) : Exception(message);
