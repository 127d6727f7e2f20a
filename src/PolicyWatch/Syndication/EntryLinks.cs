namespace PolicyWatch.Syndication;

/// <summary>The URLs feeds point at: our pages under the site root, and originals only when they are web addresses.</summary>
public static class EntryLinks
{
    /// <summary>An absolute http(s) URL, or null: feeds never carry javascript:, data: or relative links.</summary>
    public static Uri? Web(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    /// <summary>Our page for an item: the permalink.</summary>
    public static Uri ItemPage(Uri siteRoot, long id) =>
        new(siteRoot, $"items/{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}
