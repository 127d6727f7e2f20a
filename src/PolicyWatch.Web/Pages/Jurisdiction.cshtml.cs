using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Pages;

public sealed class JurisdictionModel(PolicyCatalog catalog, ItemQueries queries) : PageModel
{
    public string Name { get; private set; } = "";

    public IReadOnlyList<TimelineItem> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!catalog.Jurisdictions.TryGetValue(code, out var name)) return NotFound();
        Name = name;
        Items = await queries.ListAsync(new ItemFilter { Jurisdiction = code }, 100, cancellationToken);
        return Page();
    }
}
