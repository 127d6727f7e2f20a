using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Pages.Dossiers;

/// <summary>Every dossier with where it stands.</summary>
public sealed class IndexModel(PolicyCatalog catalog, DossierQueries queries, TimeProvider time) : PageModel
{
    public sealed record Row(Dossier Dossier, string JurisdictionName, DossierStatus Status);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = new List<Row>();
        foreach (var dossier in catalog.Dossiers)
            rows.Add(new Row(dossier, catalog.Jurisdictions[dossier.Jurisdiction], await queries.StatusAsync(dossier.Id, now, cancellationToken)));
        Rows = rows;
    }
}
