using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PolicyWatch.Tests.Support.History;

public sealed class PagedFeedOptions : HistorySiteOptions
{
    /// <summary>Every item the feed holds, in any order.</summary>
    public IReadOnlyList<GeneratedItem> Items { get; init; } = GeneratedItems.Daily(100, new DateOnly(2019, 6, 1));

    /// <summary>Items per page.</summary>
    public int PageSize { get; init; } = 10;

    public FeedFormat Format { get; init; } = FeedFormat.Rss;

    /// <summary>The bad variant: the last page's next link points back to page 1 (as <c>/feed.xml?page=1</c>, a URL not seen before).</summary>
    public bool NextLinkLoops { get; init; }
}

/// <summary>
/// A paged feed (RFC 5005 section 3): <c>/feed.xml</c> is page 1, the newest items; <c>/feed.xml?page=N</c>
/// the older ones, 404 past the last page. Every page links first, last, next and previous
/// (absolute URLs; in RSS as <c>atom:link</c>).
/// </summary>
public sealed class PagedFeedSite : HistorySite
{
    public const string FeedPath = "/feed.xml";

    private readonly PagedFeedOptions _options;

    internal PagedFeedSite(PagedFeedOptions options) : base(options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1);
        _options = options;
        Items = options.Items.OrderBy(i => i.Published).ThenBy(i => i.Id).ToArray();
        PageCount = Math.Max(1, (Items.Count + options.PageSize - 1) / options.PageSize);
        App.MapGet(FeedPath, Serve);
    }

    /// <summary>Every item, oldest first: the ground truth.</summary>
    public IReadOnlyList<GeneratedItem> Items { get; }

    public int PageCount { get; }

    public Uri FeedUrl => Url(FeedPath);

    /// <summary>Page 1 is the feed itself.</summary>
    public static string PagePath(int page) => page == 1 ? FeedPath : $"{FeedPath}?page={page}";

    public Uri PageUrl(int page) => Url(PagePath(page));

    /// <summary>Page <paramref name="page"/>'s items, newest first.</summary>
    public IReadOnlyList<GeneratedItem> PageItems(int page) =>
        Items.Reverse().Skip((page - 1) * _options.PageSize).Take(_options.PageSize).ToArray();

    private IResult Serve(HttpContext context, int? page)
    {
        var number = page ?? 1;
        if (number < 1 || number > PageCount) return Results.NotFound();
        var origin = Origin(context);
        string Link(string rel, int target) => HistoryFeedWriter.Link(_options.Format, rel, origin + PagePath(target));
        var head = Link("self", number) + Link("first", 1) + Link("last", PageCount);
        if (number > 1) head += Link("previous", number - 1);
        if (number < PageCount) head += Link("next", number + 1);
        else if (_options.NextLinkLoops) head += HistoryFeedWriter.Link(_options.Format, "next", origin + FeedPath + "?page=1");
        return Results.Content(HistoryFeedWriter.Write(_options.Format, $"Paged feed, page {number}", origin + "/", PageItems(number), head),
            _options.Format == FeedFormat.Atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8");
    }
}
