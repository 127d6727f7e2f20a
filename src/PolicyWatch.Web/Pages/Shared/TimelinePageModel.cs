using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Pages.Shared;

/// <summary>
/// What every timeline page shares: the view read from the query string (with what the path pins),
/// one page of 50 items, the "older" link, the activity chart, and a friendly word when the search
/// cannot be understood. Bad addresses answer 400 with the reason; never a 500.
/// </summary>
public abstract class TimelinePageModel(PolicyCatalog catalog, ItemQueries items, ActivityQueries activity) : PageModel, IHasFeeds
{
    public const int PageSize = 50;

    public PolicyCatalog Catalog => catalog;
    public ViewQuery View { get; private set; } = ViewQuery.Everything;
    public ItemList Items { get; private set; } = new([]);
    public string? OlderHref { get; private set; }
    public string ActivitySvg { get; private set; } = "";
    public string? SearchProblem { get; private set; }
    public IReadOnlyList<ActiveFilter> ActiveFilters { get; private set; } = [];
    public FeedLinks Feeds => FeedLinks.For(View);

    /// <param name="pin">Sets what the page's path fixes (the jurisdiction of /j/eu…); the path wins over the query string.</param>
    protected async Task<IActionResult> ShowAsync(Func<ViewQuery, ViewQuery> pin, CancellationToken cancellationToken)
    {
        try
        {
            View = pin(ViewQuery.Parse(Request.Query, catalog));
        }
        catch (ViewQueryException e)
        {
            return ErrorModel.BadRequest(HttpContext, e.Message);
        }
        ActiveFilters = Shared.ActiveFilters.Of(View, catalog);
        var filter = View.ToFilter();
        try
        {
            var (list, next) = await ReadPageAsync(filter, View.Cursor, cancellationToken);
            Items = list;
            OlderHref = next is null ? null : (View with { Cursor = next }).Href(withCursor: true);
        }
        catch (InvalidCursorException e)
        {
            return ErrorModel.BadRequest(HttpContext, e.Message);
        }
        catch (InvalidSearchException e)
        {
            SearchProblem = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        ActivitySvg = ActivityChart.Svg(await activity.WeeklyAsync(filter, cancellationToken: cancellationToken));
        return Page();
    }

    /// <summary>One page of the view and the cursor of the next; a page may read its items its own way.</summary>
    protected virtual async Task<(ItemList Items, string? Next)> ReadPageAsync(ItemFilter filter, string? cursor, CancellationToken cancellationToken)
    {
        var page = await items.PageAsync(filter, cursor, PageSize, cancellationToken);
        return (new ItemList(page.Items, View.Q), page.Next);
    }
}

/// <summary>A list of items for _ItemList, with the search whose words it highlights.</summary>
public sealed record ItemList(IReadOnlyList<TimelineItem> Items, string? Q = null)
{
    /// <summary>For an item that shows an official step several sources recorded, the other records of it.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<OfficialStep>> SameStep { get; init; } = new Dictionary<long, IReadOnlyList<OfficialStep>>();
}
