using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace PolicyWatch.Tests.Support.History;

public sealed class WordPressOptions : HistorySiteOptions
{
    /// <summary>Every published post, in any order.</summary>
    public IReadOnlyList<GeneratedItem> Items { get; init; } = GeneratedItems.Daily(100, new DateOnly(2019, 6, 1));

    /// <summary>The site's "Syndication feeds show the most recent" setting: items per feed page.</summary>
    public int PostsPerRss { get; init; } = 10;

    /// <summary>False: the theme strips <c>&lt;generator&gt;</c>, and only the <c>Link: …rel="https://api.w.org/"</c> header gives WordPress away.</summary>
    public bool GeneratorInFeed { get; init; } = true;

    /// <summary>The bad variant: every <c>paged=N</c> answers 200 with the first page (no 301, no 404), as some caching plugins do.</summary>
    public bool IgnoresPaged { get; init; }

    public string Version { get; init; } = "6.4.2";
}

/// <summary>
/// A WordPress site (site time zone UTC): feeds paged with <c>?paged=N</c>, a search feed, and the
/// REST API's posts route (<see cref="ServeRestPosts"/>). Behaviour follows WordPress 6.x: <c>paged=1</c>
/// redirects to the URL without it, a page past the last answers 404, and the REST API refuses a
/// page past the last with 400 <c>rest_post_invalid_page_number</c>.
/// </summary>
public sealed partial class WordPressSite : HistorySite
{
    public const string FeedPath = "/feed/";

    private readonly WordPressOptions _options;

    internal WordPressSite(WordPressOptions options) : base(options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PostsPerRss, 1);
        _options = options;
        Items = options.Items.OrderBy(i => i.Published).ThenBy(i => i.Id).ToArray();
        // Routing ignores a trailing slash, so one route serves /feed/ and sends /feed there, as WordPress does.
        App.MapGet(FeedPath, (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
            ? ServeFeed(context, Items)
            : Results.Redirect(FeedPath + context.Request.QueryString, permanent: true));
        App.MapGet("/", ServeRoot);
        App.MapGet("/wp-json/", ServeRestIndex);
        App.MapGet("/wp-json/wp/v2/posts", ServeRestPosts);
    }

    /// <summary>Every post, oldest first: the ground truth.</summary>
    public IReadOnlyList<GeneratedItem> Items { get; }

    public Uri FeedUrl => Url(FeedPath);

    /// <summary><c>/feed/?paged=N</c>; page 1 is <c>/feed/</c>.</summary>
    public Uri FeedPageUrl(int page) => Url(page == 1 ? FeedPath : $"{FeedPath}?paged={page}");

    /// <summary><c>/?s=TERM&amp;feed=rss2</c>, with <c>&amp;paged=N</c> past page 1.</summary>
    public Uri SearchFeedUrl(string term, int page = 1) =>
        Url($"/?s={Uri.EscapeDataString(term)}&feed=rss2" + (page == 1 ? "" : $"&paged={page}"));

    /// <summary>Pages of the main feed: past this one, <c>?paged=N</c> answers 404.</summary>
    public int FeedPageCount => PageCount(Items.Count);

    /// <summary>Page <paramref name="page"/> of the main feed, newest first.</summary>
    public IReadOnlyList<GeneratedItem> FeedPageItems(int page) => Page(Items.Reverse(), page);

    /// <summary>Every post the search feed finds for <paramref name="term"/>, oldest first.</summary>
    public IReadOnlyList<GeneratedItem> SearchItems(string term) => Items.Where(i => Matches(i, term)).ToArray();

    private static bool Matches(GeneratedItem item, string term) =>
        item.Title.Contains(term, StringComparison.OrdinalIgnoreCase) || item.Description.Contains(term, StringComparison.OrdinalIgnoreCase);

    private int PageCount(int items) => Math.Max(1, (items + _options.PostsPerRss - 1) / _options.PostsPerRss);

    private IReadOnlyList<GeneratedItem> Page(IEnumerable<GeneratedItem> inServedOrder, int page) =>
        inServedOrder.Skip((page - 1) * _options.PostsPerRss).Take(_options.PostsPerRss).ToArray();

    /// <summary>The home page, the search page and the query-string feeds all live on <c>/</c>, as in WordPress.</summary>
    private IResult ServeRoot(HttpContext context)
    {
        var query = context.Request.Query;
        if (query.ContainsKey("rest_route")) return ServeRestRoute(context);
        var term = query["s"].ToString();
        if (query.ContainsKey("feed"))
            return ServeFeed(context, query.ContainsKey("s") ? SearchItems(term) : Items);
        AddApiLink(context);
        return Results.Content(
            $"<!DOCTYPE html><html><head><title>Generated advocacy site</title><link rel=\"alternate\" type=\"application/rss+xml\" href=\"{Origin(context)}{FeedPath}\"/></head><body><p>Home</p></body></html>",
            "text/html; charset=UTF-8");
    }

    private IResult ServeFeed(HttpContext context, IReadOnlyList<GeneratedItem> items)
    {
        AddApiLink(context);
        var pagedText = context.Request.Query["paged"].ToString();
        var page = int.TryParse(pagedText, out var n) && n >= 1 ? n : 1;
        if (_options.IgnoresPaged) page = 1;
        else if (pagedText == "1") return Results.Redirect(WithoutPaged(context), permanent: true);
        else if (page > PageCount(items.Count))
            return Results.Content("<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>Nothing here</h1></body></html>", "text/html; charset=UTF-8", null, 404);

        var atom = context.Request.Query["feed"] == "atom";
        var format = atom ? FeedFormat.Atom : FeedFormat.Rss;
        var generator = !_options.GeneratorInFeed ? ""
            : atom ? $"<generator uri=\"https://wordpress.org/\" version=\"{_options.Version}\">WordPress</generator>"
            : $"<generator>https://wordpress.org/?v={_options.Version}</generator>";
        var head = HistoryFeedWriter.Link(format, "self", context.Request.GetEncodedUrl()) + generator;
        if (!atom && Items.Count > 0) head += $"<lastBuildDate>{HistoryFeedWriter.Rfc822(Items[^1].Published)}</lastBuildDate>";
        // order=ASC is what archival crawlers ask for: boundaries that do not move when a post is published.
        var served = string.Equals(context.Request.Query["order"], "ASC", StringComparison.OrdinalIgnoreCase) ? items : items.Reverse();
        return Results.Content(HistoryFeedWriter.Write(format, "Generated advocacy site", Origin(context) + "/", Page(served, page), head),
            atom ? "application/atom+xml; charset=UTF-8" : "application/rss+xml; charset=UTF-8");
    }

    private static string WithoutPaged(HttpContext context)
    {
        var rest = context.Request.Query.Where(q => q.Key != "paged").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
        var query = string.Join("&", rest);
        return context.Request.Path + (query.Length == 0 ? "" : "?" + query);
    }

    /// <summary>The header WordPress sends even when a theme strips the generator.</summary>
    private static void AddApiLink(HttpContext context) =>
        context.Response.Headers.Link = $"<{Origin(context)}/wp-json/>; rel=\"https://api.w.org/\"";
}
