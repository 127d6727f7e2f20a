using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Catalog;
using PolicyWatch.Web.Feeds;

namespace PolicyWatch.Web.Pages;

/// <summary>/feeds: every feed we publish, each in its three formats, and the OPML of them all.</summary>
public sealed class FeedsModel(PolicyCatalog catalog) : PageModel
{
    public IReadOnlyList<FeedSection> Sections { get; private set; } = [];

    public void OnGet() => Sections = FeedDirectory.Sections(catalog);
}
