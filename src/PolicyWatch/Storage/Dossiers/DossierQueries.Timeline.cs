using Dapper;
using PolicyWatch.Catalog;

namespace PolicyWatch.Storage;

/// <summary>
/// A page of a dossier's timeline where one official step is one event. The other official records of the
/// same step (same UTC day, same <see cref="StepKinds">kind of step</see>) are in <paramref name="SameStep"/>
/// under the id of the item that shows the event.
/// </summary>
public sealed record DossierTimelinePage(
    IReadOnlyList<TimelineItem> Items,
    IReadOnlyDictionary<long, IReadOnlyList<OfficialStep>> SameStep,
    string? Next);

public sealed partial class DossierQueries
{
    /// <summary>
    /// One page of a dossier's timeline (<see cref="ItemQueries.PageAsync"/>), where the records two or more
    /// official sources (legislative sources and curated milestones) keep of one step are one event: the
    /// first of them in the view's order shows it, with the others' sources; the others are left out of
    /// this page and every other. Nothing stored changes: this is how the timeline reads them.
    /// </summary>
    /// <remarks>
    /// A page may hold fewer than <paramref name="limit"/> items when some were folded into an event, and the
    /// cursor stays the underlying page's, so paging neither skips nor repeats. Searches ranked by relevance
    /// fold only within a page: their order is not the timeline's.
    /// </remarks>
    public async Task<DossierTimelinePage> TimelinePageAsync(ItemFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        var dossier = filter.Dossier ?? throw new ArgumentException("a dossier timeline needs the dossier", nameof(filter));
        var page = await items.PageAsync(filter, cursor, limit, cancellationToken);
        var days = page.Items.Where(IsOfficial).Select(i => Day(i.PublishedAt)).Distinct().ToList();
        if (days.Count == 0) return new DossierTimelinePage(page.Items, new Dictionary<long, IReadOnlyList<OfficialStep>>(), page.Next);

        var steps = await StepsOnAsync(dossier, days, cancellationToken);
        var groups = steps.GroupBy(s => (Day(s.At), s.StepKind.ToLowerInvariant()))
            .Where(g => g.Count() > 1)
            .SelectMany(g => g.Select(s => (s.Id, Members: g.OrderByDescending(m => m.At).ThenByDescending(m => m.Id).ToList())))
            .ToDictionary(p => p.Id, p => p.Members);
        var byDate = string.IsNullOrWhiteSpace(filter.Q) || filter.Order == ItemOrder.Date;

        var shown = new List<TimelineItem>();
        var sameStep = new Dictionary<long, IReadOnlyList<OfficialStep>>();
        var shownHere = new HashSet<long>();
        foreach (var item in page.Items)
        {
            if (!groups.TryGetValue(item.Id, out var members))
            {
                shown.Add(item);
                continue;
            }
            // By date, the event is shown by the first of its records in the timeline's order; by relevance, by the first on the page.
            var before = members.TakeWhile(m => m.Id != item.Id).ToList();
            if ((byDate ? before : members).Any(m => m.Id != item.Id && shownHere.Contains(m.Id))) continue;
            if (byDate && cursor is not null && before.Count > 0 && await AnyInViewAsync(filter, before, cancellationToken)) continue;
            shownHere.Add(item.Id);
            shown.Add(item);
            sameStep[item.Id] = members.Where(m => m.Id != item.Id).ToList();
        }
        return new DossierTimelinePage(shown, sameStep, page.Next);
    }

    private static bool IsOfficial(TimelineItem item) => item.Kind is "legislative" or "milestone";

    private static DateTimeOffset Day(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>Every official step of the dossier on those UTC days, whatever the view: each day is one range of the index of its steps.</summary>
    private Task<List<OfficialStep>> StepsOnAsync(string dossier, IReadOnlyList<DateTimeOffset> days, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { Id = dossier });
        for (var n = 0; n < days.Count; n++)
        {
            parameters.Add($"From{n}", days[n]);
            parameters.Add($"To{n}", days[n].AddDays(1));
        }
        return database.ReadAsync(async connection =>
        {
            var selects = days.Select((_, n) =>
                $"""
                SELECT {StepColumns}
                FROM {DossierSteps(connection)}
                WHERE d.dossier_id = @Id AND d.published_at >= @From{n} AND d.published_at < @To{n} AND d.official
                """);
            var sql = string.Join("\nUNION ALL\n", selects);
            return (await connection.QueryAsync<OfficialStep>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
        }, cancellationToken);
    }

    /// <summary>
    /// Whether one of <paramref name="steps"/> (all of one day, all before the page began) is in the view, and so
    /// showed the event on an earlier page. Asked of the view itself, narrowed to that day and kind.
    /// </summary>
    private async Task<bool> AnyInViewAsync(ItemFilter filter, IReadOnlyList<OfficialStep> steps, CancellationToken cancellationToken)
    {
        foreach (var kind in steps.Select(s => s.Kind).Distinct())
        {
            var itemKind = kind == "milestone" ? ItemKind.Milestone : ItemKind.Legislative;
            if (filter.Kind is { } only && only != itemKind) continue;
            var day = Day(steps[0].At);
            var from = filter.From is { } f && f > day ? f : day;
            var to = filter.To is { } t && t < day.AddDays(1) ? t : day.AddDays(1);
            var view = await items.PageAsync(filter with { Kind = itemKind, From = from, To = to, Order = ItemOrder.Date }, null, 500,
                withSnippets: false, cancellationToken);
            if (view.Items.Any(i => steps.Any(s => s.Id == i.Id))) return true;
        }
        return false;
    }
}
