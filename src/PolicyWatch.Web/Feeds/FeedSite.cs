using PolicyWatch.Syndication;

namespace PolicyWatch.Web.Feeds;

/// <summary>
/// The absolute site address feeds and permalinks link to: Feeds:BaseUrl, else the request's own, whose
/// Host has passed host filtering (<see cref="Hosting.SiteHosts"/>).
/// </summary>
public static class FeedSite
{
    public static Uri Root(HttpContext context, FeedOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.BaseUrl)) return new Uri(options.BaseUrl.TrimEnd('/') + "/");
        var request = context.Request;
        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
    }

    /// <summary>This request's own address, absolute: the feed's self link.</summary>
    public static Uri Self(HttpContext context, FeedOptions options) =>
        new(Root(context, options), context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString);
}
