using System.Collections.Frozen;
using System.Text;

namespace PolicyWatch.Normalizing;

/// <summary>The form of a URL used to recognise the same story across sources.</summary>
public static class UrlCanonicalizer
{
    private const int MaxLength = 8192;

    // Query parameters that say how a reader arrived, never which page it is.
    private static readonly string[] TrackingPrefixes = ["utm_", "mc_", "pk_", "ns_", "hsa_", "at_", "oly_", "__hs"];
    private static readonly FrozenSet<string> TrackingNames = FrozenSet.ToFrozenSet(
    [
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid",
        "ttclid", "li_fat_id", "epik", "ref_src", "ref_url", "_hsenc", "_hsmi", "mkt_tok", "vero_id",
        "vero_conv", "_ga", "_gl", "cmp", "xtor", "smid", "ocid", "guccounter", "guce_referrer",
        "guce_referrer_sig", "sr_share", "__twitter_impression", "wt.mc_id", "s_cid", "cmpid", "ito",
    ], StringComparer.OrdinalIgnoreCase);

    /// <summary>An absolute http(s) URL, resolved against the document; null when it is not one.</summary>
    public static string? Absolute(string? link, Uri? documentUrl)
    {
        var cleaned = Clean(link);
        if (cleaned is null) return null;
        // Checked by hand: on Unix, Uri takes "/path" for an absolute file: URI.
        if (HasHttpScheme(cleaned))
            return Uri.TryCreate(cleaned, UriKind.Absolute, out var absolute) && IsHttp(absolute) ? absolute.AbsoluteUri : null;
        if (SafeUrl.SchemeOf(cleaned) is not null) return null; // javascript:, mailto:, urn:, ...
        if (documentUrl is null || !documentUrl.IsAbsoluteUri || !IsHttp(documentUrl)) return null;
        // Browsers read "\" as "/" in http(s) URLs; .NET would read "\\host" as a file share.
        return Uri.TryCreate(documentUrl, cleaned.Replace('\\', '/'), out var resolved) && IsHttp(resolved)
            ? resolved.AbsoluteUri : null;
    }

    /// <summary>
    /// Lower-case scheme and host, no fragment, no default port, no tracking parameters (the
    /// others keep their order), no empty query. Null for anything that is not an http(s) URL.
    /// </summary>
    public static string? Canonicalize(string? url)
    {
        var cleaned = Clean(url);
        if (cleaned is null || !HasHttpScheme(cleaned)
            || !Uri.TryCreate(cleaned, UriKind.Absolute, out var uri) || !IsHttp(uri) || uri.Host.Length == 0)
            return null;
        var builder = new StringBuilder(cleaned.Length);
        builder.Append(uri.Scheme).Append("://");
        if (uri.UserInfo.Length > 0) builder.Append(uri.UserInfo).Append('@');
        // Punycode for international names; "example.org." is example.org.
        builder.Append(uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost.TrimEnd('.'));
        if (!uri.IsDefaultPort) builder.Append(':').Append(uri.Port);
        builder.Append(uri.AbsolutePath);
        AppendQueryWithoutTracking(builder, uri.Query);
        return builder.ToString();
    }

    private static void AppendQueryWithoutTracking(StringBuilder builder, string query)
    {
        var separator = '?';
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = pair.Split('=', 2)[0];
            if (IsTracking(Uri.UnescapeDataString(name))) continue;
            builder.Append(separator).Append(pair);
            separator = '&';
        }
    }

    private static bool IsTracking(string name) =>
        TrackingNames.Contains(name) || TrackingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The link without the surrounding space and the tabs and line breaks browsers ignore inside it.</summary>
    private static string? Clean(string? link)
    {
        if (string.IsNullOrWhiteSpace(link) || link.Length > MaxLength) return null;
        var trimmed = link.Trim();
        if (trimmed.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
            trimmed = trimmed.Replace("\t", "").Replace("\n", "").Replace("\r", "");
        return trimmed.Length == 0 ? null : trimmed;
    }

    private static bool HasHttpScheme(string url) => SafeUrl.SchemeOf(url) is "http" or "https";

    private static bool IsHttp(Uri uri) => uri.Scheme is "http" or "https";
}
