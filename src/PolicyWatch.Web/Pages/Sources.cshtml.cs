using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Pages;

/// <summary>/sources: every source's health, failing first by default; ?sort=status|name|failures|last-success|items.</summary>
public sealed class SourcesModel(SourceHealthQueries queries) : PageModel
{
    public static readonly IReadOnlyList<(string Key, string Label)> Sorts =
        [("status", "Status"), ("name", "Name"), ("failures", "Failures in a row"), ("last-success", "Last success"), ("items", "Items")];

    /// <summary>Worst first: what an operator must look at is at the top.</summary>
    private static readonly string[] StatusOrder = ["failing", "gone", "pending", "ok", "removed"];

    public IReadOnlyList<SourceHealth> Sources { get; private set; } = [];

    public string Sort { get; private set; } = "status";

    public async Task OnGetAsync(string? sort, CancellationToken cancellationToken)
    {
        Sort = Sorts.Any(s => s.Key == sort) ? sort! : "status";
        var all = await queries.ListAsync(cancellationToken);
        Sources = (Sort switch
        {
            "name" => all.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase),
            "failures" => all.OrderByDescending(s => s.FailuresInRow).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase),
            "last-success" => all.OrderBy(s => s.LastSuccessAt ?? DateTimeOffset.MinValue).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase),
            "items" => all.OrderByDescending(s => s.Items).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase),
            _ => all.OrderBy(s => Array.IndexOf(StatusOrder, s.Status)).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase),
        }).ToList();
    }

    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";
}
