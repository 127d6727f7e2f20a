using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Pages;

public sealed class IndexModel(PolicyCatalog catalog, ItemQueries queries) : PageModel
{
    public sealed record JurisdictionSummary(string Code, string Name, IReadOnlyList<TimelineItem> Latest, IReadOnlyList<TimelineItem> Milestones);

    public IReadOnlyList<JurisdictionSummary> Jurisdictions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var summaries = new List<JurisdictionSummary>();
        foreach (var (code, name) in catalog.Jurisdictions)
            summaries.Add(new JurisdictionSummary(code, name,
                await queries.ListAsync(new ItemFilter { Jurisdiction = code }, 8, cancellationToken),
                await queries.ListAsync(new ItemFilter { Jurisdiction = code, Kind = ItemKind.Milestone }, 3, cancellationToken)));
        Jurisdictions = summaries;
    }
}
