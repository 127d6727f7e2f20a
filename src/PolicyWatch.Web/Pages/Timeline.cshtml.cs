using Microsoft.AspNetCore.Mvc;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Pages;

/// <summary>/timeline?…: any combination of filters, and search.</summary>
public sealed class TimelineModel(PolicyCatalog catalog, ItemQueries items, ActivityQueries activity) : TimelinePageModel(catalog, items, activity)
{
    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => ShowAsync(view => view, cancellationToken);
}
