using Microsoft.AspNetCore.Mvc;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Pages;

public sealed class JurisdictionModel(PolicyCatalog catalog, ItemQueries items, ActivityQueries activity) : TimelinePageModel(catalog, items, activity)
{
    public string Name { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!Catalog.Jurisdictions.TryGetValue(code, out var name)) return NotFound();
        Name = name;
        return await ShowAsync(view => view with { Jurisdiction = code }, cancellationToken);
    }
}
