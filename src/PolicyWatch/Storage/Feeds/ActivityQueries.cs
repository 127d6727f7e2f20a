using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Catalog;

namespace PolicyWatch.Storage;

/// <summary>How many items a view had in the week starting on <see cref="Monday"/> (UTC).</summary>
public sealed record ActivityWeek(DateOnly Monday, int Items);

/// <summary>A milestone or legislative event the activity chart marks.</summary>
public sealed record ActivityMarker(long Id, string Kind, string Title, DateTimeOffset At);

/// <summary>A view's weekly activity from <see cref="FirstMonday"/> to <see cref="LastMonday"/>; weeks without items are absent.</summary>
public sealed record Activity(DateOnly FirstMonday, DateOnly LastMonday, IReadOnlyList<ActivityWeek> Weeks, IReadOnlyList<ActivityMarker> Markers)
{
    public static readonly Activity None = new(default, default, [], []);

    public bool IsEmpty => Weeks.Count == 0;
}

/// <summary>
/// Items per week for a view's filters, for the chart at the top of a timeline. The window is the
/// view's last <c>weeks</c> weeks of items (up to its "to" date). A search does not narrow the chart:
/// it shows the activity of the filters the search runs within.
/// </summary>
public sealed class ActivityQueries(Database database)
{
    // More markers than this on a two-year chart would only be ink; the newest are kept.
    private const int MaxMarkers = 60;
    private readonly ItemQueries _items = new(database);

    public Task<Activity> WeeklyAsync(ItemFilter filter, int weeks = 104, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => WeeklyAsync(connection, filter, weeks, cancellationToken), cancellationToken);

    private async Task<Activity> WeeklyAsync(DbConnection connection, ItemFilter filter, int weeks, CancellationToken cancellationToken)
    {
        var scope = Scope(filter);
        var latest = scope is null
            ? await NewestDayAsync(filter, cancellationToken)
            : await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT max(week) FROM activity_weeks WHERE scope = @Scope AND items > 0 AND (@To IS NULL OR week < @To)",
                new { Scope = scope, To = filter.To is { } to ? UtcTimestamp.ToText(to) : null }, cancellationToken: cancellationToken));
        if (latest is null) return Activity.None;
        var lastMonday = Monday(DateOnly.FromDateTime(DateTime.Parse(latest[..10], CultureInfo.InvariantCulture)));
        var firstMonday = lastMonday.AddDays(-7 * (weeks - 1));
        if (filter.From is { } from && Monday(DateOnly.FromDateTime(from.UtcDateTime)) > firstMonday)
            firstMonday = Monday(DateOnly.FromDateTime(from.UtcDateTime));
        var window = new Window(firstMonday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), lastMonday.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var counts = (scope, filter.Kind) switch
        {
            (null, _) => await LiveCountsAsync(connection, filter, window, cancellationToken),
            (_, null) => await StoredCountsAsync(connection, scope, window, cancellationToken),
            // Articles are everything but the (few) official events: stored totals minus a count of those.
            (_, ItemKind.Article) => Subtract(await StoredCountsAsync(connection, scope, window, cancellationToken),
                await OfficialCountsAsync(connection, filter with { Kind = null }, window, cancellationToken)),
            _ => await OfficialCountsAsync(connection, filter, window, cancellationToken),
        };
        return new Activity(firstMonday, lastMonday,
            counts.Where(c => c.Value > 0).OrderBy(c => c.Key)
                .Select(c => new ActivityWeek(DateOnly.ParseExact(c.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture), c.Value)).ToList(),
            await MarkersAsync(filter, firstMonday, cancellationToken));
    }

    /// <summary>
    /// The day (yyyy-MM-dd…) of the view's newest item, through the timeline query: it walks the
    /// narrowest index in date order and stops at the first item, where a max() would read them all.
    /// </summary>
    private async Task<string?> NewestDayAsync(ItemFilter filter, CancellationToken cancellationToken) =>
        (await _items.NewestAsync(filter, 1, cancellationToken)) is [var newest, ..] ? UtcTimestamp.ToText(newest.PublishedAt) : null;

    /// <summary>The weeks a chart shows: Mondays from <see cref="Start"/> up to, not including, <see cref="End"/>.</summary>
    private sealed record Window(string Start, string End);

    private static async Task<Dictionary<string, int>> StoredCountsAsync(DbConnection connection, string scope, Window window, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Week, int Items)>(new CommandDefinition(
            "SELECT week, items FROM activity_weeks WHERE scope = @Scope AND week >= @Start AND week < @End",
            new { Scope = scope, window.Start, window.End }, cancellationToken: cancellationToken))).ToDictionary(r => r.Week, r => r.Items);

    /// <summary>
    /// Counts for views the stored scopes do not cover (several dimensions at once, so at least one
    /// tag), read from the narrowest tag index in the window, the other tags checked by primary-key probes.
    /// </summary>
    private static async Task<Dictionary<string, int>> LiveCountsAsync(DbConnection connection, ItemFilter filter, Window window, CancellationToken cancellationToken)
    {
        var tags = ItemFilterSql.TagsIn(filter).ToList();
        var sql = $"""
            SELECT date(t.published_at, '-6 days', 'weekday 1'), count(*) FROM {tags[0].Table} t
            {(filter.Source is not null || filter.Kind is not null ? "CROSS JOIN items i ON i.id = t.item_id" : "")}
            WHERE t.{tags[0].Column} = {tags[0].Parameter} AND t.published_at >= @Start AND t.published_at < @End
            {string.Concat(tags.Skip(1).Select(tag => $" AND {tag.Exists("t.item_id", at: "t.published_at")}"))}
            {(filter.Source is not null ? " AND i.source_id = @Source" : "")}{(filter.Kind is not null ? " AND i.kind = @Kind" : "")}
            GROUP BY 1
            """;
        var parameters = ItemFilterSql.Parameters(filter);
        parameters.AddDynamicParams(window);
        return (await connection.QueryAsync<(string Week, int Items)>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Week, r => r.Items);
    }

    /// <summary>Milestones and legislative events of the view (of the filter's kind, or both), from items_by_kind.</summary>
    private static async Task<Dictionary<string, int>> OfficialCountsAsync(DbConnection connection, ItemFilter filter, Window window, CancellationToken cancellationToken)
    {
        var parameters = ItemFilterSql.Parameters(filter);
        parameters.AddDynamicParams(window);
        parameters.Add("Kinds", filter.Kind is { } kind ? [ItemFilterSql.KindText(kind)] : new[] { "milestone", "legislative" });
        var tags = string.Concat(ItemFilterSql.TagsIn(filter).Select(tag => $" AND {tag.Exists("i.id")}"))
            + (filter.Source is not null ? " AND i.source_id = @Source" : "");
        return (await connection.QueryAsync<(string Week, int Items)>(new CommandDefinition(
            $"""
            SELECT date(i.published_at, '-6 days', 'weekday 1'), count(*) FROM items i
            WHERE i.kind IN @Kinds AND i.published_at >= @Start AND i.published_at < @End{tags} GROUP BY 1
            """, parameters, cancellationToken: cancellationToken))).ToDictionary(r => r.Week, r => r.Items);
    }

    private static Dictionary<string, int> Subtract(Dictionary<string, int> all, Dictionary<string, int> official) =>
        all.ToDictionary(c => c.Key, c => c.Value - official.GetValueOrDefault(c.Key));

    /// <summary>
    /// The newest milestones and legislative events of the view inside the window, through the
    /// timeline queries (which walk the most selective index), not a scan of the view's items.
    /// </summary>
    private async Task<IReadOnlyList<ActivityMarker>> MarkersAsync(ItemFilter filter, DateOnly windowStart, CancellationToken cancellationToken)
    {
        if (filter.Kind is Catalog.ItemKind.Article) return [];
        var from = new DateTimeOffset(windowStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var inWindow = filter with { Q = null, From = filter.From is { } f && f > from ? f : from, Order = ItemOrder.Date };
        var markers = new List<ActivityMarker>();
        foreach (var kind in new[] { Catalog.ItemKind.Milestone, Catalog.ItemKind.Legislative })
            if (filter.Kind is null || filter.Kind == kind)
                markers.AddRange((await _items.NewestAsync(inWindow with { Kind = kind }, MaxMarkers, cancellationToken))
                    .Select(i => new ActivityMarker(i.Id, i.Kind, i.Title, i.PublishedAt)));
        return markers.OrderByDescending(m => m.At).Take(MaxMarkers).OrderBy(m => m.At).ToList();
    }

    /// <summary>
    /// The precomputed weekly counts (activity_weeks) cover views of at most one dimension (a kind is
    /// handled on top of them); a from/to only narrows the window, so a partial week at either end
    /// counts whole. Other combinations are counted live.
    /// </summary>
    private static string? Scope(ItemFilter filter)
    {
        var scopes = new[]
        {
            filter.Jurisdiction is { } j ? $"j:{j}" : null,
            filter.Dossier is { } d ? $"d:{d}" : null,
            filter.Topic is { } t ? $"t:{t}" : null,
            filter.Source is { } s ? $"s:{s}" : null,
        }.OfType<string>().ToList();
        return scopes.Count switch { 0 => "all", 1 => scopes[0], _ => null };
    }

    /// <summary>The Monday of the (ISO) week a day falls in.</summary>
    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
