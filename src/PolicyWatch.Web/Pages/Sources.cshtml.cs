using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Pages;

public sealed class SourcesModel(SourceHealthQueries queries) : PageModel
{
    public IReadOnlyList<SourceHealth> Sources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Sources = await queries.ListAsync(cancellationToken);

    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";
}
