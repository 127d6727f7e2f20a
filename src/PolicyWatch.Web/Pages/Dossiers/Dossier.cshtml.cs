using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Pages.Dossiers;

public sealed class DossierModel(PolicyCatalog catalog, ItemQueries items, DossierQueries dossiers, TimeProvider time) : PageModel
{
    public Dossier Dossier { get; private set; } = null!;
    public string JurisdictionName { get; private set; } = "";
    public DossierStatus Status { get; private set; } = new();
    public string? Kind { get; private set; }
    public IReadOnlyList<TimelineItem> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string? kind, CancellationToken cancellationToken)
    {
        if (catalog.FindDossier(id) is not { } dossier) return NotFound();
        ItemKind? itemKind = null;
        if (kind is not null)
        {
            if (!Enum.TryParse<ItemKind>(kind, ignoreCase: true, out var parsed) || int.TryParse(kind, out _)) return BadRequest();
            itemKind = parsed;
        }
        Dossier = dossier;
        Kind = itemKind?.ToString().ToLowerInvariant();
        JurisdictionName = catalog.Jurisdictions[dossier.Jurisdiction];
        Status = await dossiers.StatusAsync(id, time.GetUtcNow(), cancellationToken);
        Items = await items.ListAsync(new ItemFilter { Dossier = id, Kind = itemKind }, 200, cancellationToken);
        return Page();
    }
}
