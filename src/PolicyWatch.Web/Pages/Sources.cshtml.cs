using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Pages;

/// <summary>/sources: every source's health, failing first by default; ?sort=status|name|failures|last-success|items.</summary>
public sealed class SourcesModel(SourceHealthQueries queries) : PageModel
{
    public static readonly IReadOnlyList<(string Key, string Label)> Sorts =
        [("status", "Status"), ("name", "Name"), ("failures", "Failures in a row"), ("last-success", "Last success"), ("items", "Items")];

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
            // Worst first: what an operator must look at is at the top.
            _ => all.OrderBy(s => s.Status).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase),
        }).ToList();
    }

    /// <summary>The history walk in one line: "rfc5005, finished: 1200 items back to 2020-01-03", "walking, paused: … (retry 2026-…)".</summary>
    public static string History(SourceHealth s)
    {
        if (s.History is not { } status) return "not started";
        var method = s.HistoryMethod is null or "none" ? "" : $"{s.HistoryMethod}, ";
        var reached = s.HistoryOldestAt is { } oldest ? $" back to {oldest:yyyy-MM-dd}" : "";
        var items = $"{s.HistoryItems} items{reached}";
        return status switch
        {
            HistoryStatus.Failed => $"failed: {s.HistoryError}",
            HistoryStatus.Walking when s.HistoryError is not null => $"{method}in progress, {items}; paused: {s.HistoryError} (retry {Time(s.HistoryRetryAt)})",
            HistoryStatus.Walking => $"{method}in progress, {items}",
            HistoryStatus.Finished => $"{method}finished, {items}" + (s.HistoryError is null ? "" : $"; {s.HistoryError}"),
            _ => s.HistoryError is null ? "pending" : $"pending: {s.HistoryError} (retry {Time(s.HistoryRetryAt)})",
        };
    }

    /// <summary>The state as one lower-case word, for the page and its CSS class.</summary>
    public static string Word(SourceCondition condition) => condition.ToString().ToLowerInvariant();

    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";
}
