using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Syndication;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Pages.Digests;

/// <summary>
/// /digests/{weekly|daily}/{j|dossiers|topics}/{id}/{period start}: the page a digest entry links to, listing
/// exactly the entry's items. Not a timeline narrowed by dates: timelines go by publication date, digests by
/// when PolicyWatch first saw an item, and the digest is frozen when its period closes.
/// </summary>
public sealed class DigestModel(DigestQueries queries, PolicyCatalog catalog, FeedOptions options, TimeProvider time) : PageModel, IHasFeeds
{
    public DigestSummary Summary { get; private set; } = null!;
    public DigestCadence Cadence { get; private set; }
    public DigestPeriod Period { get; private set; }
    public string ScopeHref { get; private set; } = "";
    public FeedLinks Feeds { get; private set; } = FeedLinks.Everything;

    public async Task<IActionResult> OnGetAsync(string cadence, string scope, string id, string period, CancellationToken cancellationToken)
    {
        var digests = new DigestFeeds(queries, catalog, options, time);
        if (!DigestFeeds.TryParse(cadence, scope, out var c, out var s) || !DigestPeriod.TryParse(c, period, out var p)
            || digests.ScopeTitle(s, id) is null
            || await digests.SummaryAsync(s, id, p, cancellationToken) is not { } summary)
            return NotFound();
        (Summary, Cadence, Period) = (summary, c, p);
        ScopeHref = "/" + DigestFeeds.ScopePath(s) + Uri.EscapeDataString(id);
        var feed = "/" + DigestFeeds.FeedPath(c, s, id);
        Feeds = new FeedLinks($"{feed}.atom", $"{feed}.rss", $"{feed}.json");
        return Page();
    }
}
