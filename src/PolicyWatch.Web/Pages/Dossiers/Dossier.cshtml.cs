using Microsoft.AspNetCore.Mvc;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Pages.Dossiers;

/// <summary>A dossier's timeline, headed by where it stands; one official step is one event, with all its sources.</summary>
public sealed class DossierModel(PolicyCatalog catalog, ItemQueries items, ActivityQueries activity, DossierQueries dossiers, TimeProvider time)
    : TimelinePageModel(catalog, items, activity)
{
    public Dossier Dossier { get; private set; } = null!;
    public string JurisdictionName { get; private set; } = "";
    public DossierStatus Status { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (Catalog.FindDossier(id) is not { } dossier) return NotFound();
        Dossier = dossier;
        JurisdictionName = Catalog.Jurisdictions[dossier.Jurisdiction];
        Status = await dossiers.StatusAsync(id, time.GetUtcNow(), cancellationToken);
        return await ShowAsync(view => view with { Dossier = id }, cancellationToken);
    }

    protected override async Task<(ItemList Items, string? Next)> ReadPageAsync(ItemFilter filter, string? cursor, CancellationToken cancellationToken)
    {
        var page = await dossiers.TimelinePageAsync(filter, cursor, PageSize, cancellationToken);
        return (new ItemList(page.Items, View.Q) { SameStep = page.SameStep }, page.Next);
    }
}
