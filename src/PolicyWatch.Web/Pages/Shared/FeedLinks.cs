namespace PolicyWatch.Web.Pages.Shared;

/// <summary>
/// Where a view's feeds live: /feeds/timeline.{atom|rss|json}?&lt;the view's filters&gt;, or the pretty
/// /feeds/j/{code}.atom, /feeds/dossiers/{id}.atom, /feeds/topics/{id}.atom when the view is exactly that.
/// Every page builds its autodiscovery links and its subscribe link here.
/// </summary>
public sealed record FeedLinks(string Atom, string Rss, string Json)
{
    public static readonly FeedLinks Everything = For(ViewQuery.Everything);

    public static FeedLinks For(ViewQuery view)
    {
        var feedView = view with { Cursor = null };
        var (path, taken) = feedView.PrettyPath();
        var rest = feedView.Parameters().Where(p => p.Key != taken).ToList();
        var prefix = taken is null || rest.Count > 0 ? "/feeds/timeline" : "/feeds" + path;
        var query = prefix == "/feeds/timeline" ? feedView.QueryString() : "";
        return new FeedLinks($"{prefix}.atom{query}", $"{prefix}.rss{query}", $"{prefix}.json{query}");
    }
}

/// <summary>A page whose feeds are not the site-wide ones.</summary>
public interface IHasFeeds
{
    FeedLinks Feeds { get; }
}
