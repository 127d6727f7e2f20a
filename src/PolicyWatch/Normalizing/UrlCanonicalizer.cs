namespace PolicyWatch.Normalizing;

/// <summary>The form of a URL used to recognise the same story across sources.</summary>
public static class UrlCanonicalizer
{
    private static readonly string[] TrackingPrefixes = ["utm_", "mc_", "pk_"];
    private static readonly HashSet<string> TrackingNames = new(StringComparer.OrdinalIgnoreCase)
        { "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref_src", "_hsenc", "_hsmi", "mkt_tok" };

    /// <summary>An absolute http(s) URL, resolved against the document; null when it is not one.</summary>
    public static string? Absolute(string? link, Uri? documentUrl)
    {
        if (string.IsNullOrWhiteSpace(link)) return null;
        var trimmed = link.Trim();
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return absolute.AbsoluteUri;
        if (documentUrl is not null && documentUrl.Scheme is "http" or "https"
            && Uri.TryCreate(documentUrl, trimmed, out var resolved) && resolved.Scheme is "http" or "https")
            return resolved.AbsoluteUri;
        return null;
    }

    /// <summary>Lower-case scheme and host, no fragment, no default port, no tracking parameters.</summary>
    public static string? Canonicalize(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        var query = string.Join("&", uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !IsTracking(pair.Split('=')[0])));
        var builder = new UriBuilder(uri) { Fragment = "", Query = query };
        if (builder.Uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri.AbsoluteUri;
    }

    private static bool IsTracking(string name) =>
        TrackingNames.Contains(name) || TrackingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
