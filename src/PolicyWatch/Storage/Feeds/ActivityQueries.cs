using System.Data.Common;
using Dapper;
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
        // With a "to" date, the latest week that starts on that day or before.
        var latest = scope is null
            ? await NewestDayAsync(filter, cancellationToken)
            : await connection.ExecuteScalarAsync<DateOnly?>(new CommandDefinition(
                $"SELECT max(week) FROM activity_weeks WHERE scope = @Scope AND items > 0{(filter.To is null ? "" : " AND week <= @To")}",
                new { Scope = scope, To = filter.To is { } to ? DayOf(to) : default }, cancellationToken: cancellationToken));
        if (latest is not { } latestDay) return Activity.None;
        var lastMonday = Monday(latestDay);
        var firstMonday = lastMonday.AddDays(-7 * (weeks - 1));
        if (filter.From is { } from && Monday(DayOf(from)) > firstMonday)
            firstMonday = Monday(DayOf(from));
        var window = new Window(firstMonday, lastMonday.AddDays(7));

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
            counts.Where(c => c.Value > 0).OrderBy(c => c.Key).Select(c => new ActivityWeek(c.Key, c.Value)).ToList(),
            await MarkersAsync(filter, firstMonday, cancellationToken));
    }

    /// <summary>
    /// The (UTC) day of the view's newest item, through the timeline query: it walks the narrowest index in date
    /// order and stops at the first item, where a max() would read them all.
    /// </summary>
    private async Task<DateOnly?> NewestDayAsync(ItemFilter filter, CancellationToken cancellationToken) =>
        (await _items.NewestAsync(filter, 1, cancellationToken)) is [var newest, ..] ? DayOf(newest.PublishedAt) : null;

    private static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The weeks a chart shows: Mondays from <see cref="Start"/> up to, not including, <see cref="End"/>.</summary>
    private sealed record Window(DateOnly Start, DateOnly End)
    {
        /// <summary>Midnight (UTC) starting <see cref="Start"/>: the first instant an item of the window can have.</summary>
        public DateTimeOffset StartAt => new(Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        /// <summary>Midnight (UTC) starting <see cref="End"/>: the first instant after the window.</summary>
        public DateTimeOffset EndAt => new(End.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    /// <summary>A week's count as the queries read it (a Monday as the engine keeps days: text or date).</summary>
    private sealed record WeekCount
    {
        public DateOnly Week { get; init; }
        public long Items { get; init; }
    }

    private static async Task<Dictionary<DateOnly, int>> CountsAsync(DbConnection connection, string sql, object parameters, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<WeekCount>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Week, r => (int)r.Items);

    private static Task<Dictionary<DateOnly, int>> StoredCountsAsync(DbConnection connection, string scope, Window window, CancellationToken cancellationToken) =>
        CountsAsync(connection, "SELECT week AS Week, items AS Items FROM activity_weeks WHERE scope = @Scope AND week >= @Start AND week < @End",
            new { Scope = scope, window.Start, window.End }, cancellationToken);

    /// <summary>
    /// Counts for views the stored scopes do not cover (several dimensions at once, so at least one
    /// tag), read from the narrowest tag index in the window, the other tags checked by primary-key probes.
    /// </summary>
    private static Task<Dictionary<DateOnly, int>> LiveCountsAsync(DbConnection connection, ItemFilter filter, Window window, CancellationToken cancellationToken)
    {
        var tags = ItemFilterSql.TagsIn(filter).ToList();
        var dialect = SqlDialect.Of(connection);
        var sql = $"""
            SELECT {dialect.WeekOf("t.published_at")} AS Week, count(*) AS Items FROM {tags[0].Table} t
            {(filter.Source is not null || filter.Kind is not null ? $"{dialect.JoinInOrder} items i ON i.id = t.item_id" : "")}
            WHERE t.{tags[0].Column} = {tags[0].Parameter} AND t.published_at >= @StartAt AND t.published_at < @EndAt
            {string.Concat(tags.Skip(1).Select(tag => $" AND {tag.Exists("t.item_id", at: "t.published_at")}"))}
            {(filter.Source is not null ? " AND i.source_id = @Source" : "")}{(filter.Kind is not null ? " AND i.kind = @Kind" : "")}
            GROUP BY 1
            """;
        var parameters = ItemFilterSql.Parameters(filter);
        parameters.AddDynamicParams(new { window.StartAt, window.EndAt });
        return CountsAsync(connection, sql, parameters, cancellationToken);
    }

    /// <summary>Milestones and legislative events of the view (of the filter's kind, or both), from items_by_kind.</summary>
    private static Task<Dictionary<DateOnly, int>> OfficialCountsAsync(DbConnection connection, ItemFilter filter, Window window, CancellationToken cancellationToken)
    {
        var dialect = SqlDialect.Of(connection);
        var parameters = ItemFilterSql.Parameters(filter);
        parameters.AddDynamicParams(new { window.StartAt, window.EndAt });
        parameters.Add("Kinds", filter.Kind is { } kind ? [ItemFilterSql.KindText(kind)] : new[] { "milestone", "legislative" });
        var tags = string.Concat(ItemFilterSql.TagsIn(filter).Select(tag => $" AND {tag.Exists("i.id")}"))
            + (filter.Source is not null ? " AND i.source_id = @Source" : "");
        return CountsAsync(connection,
            $"""
            SELECT {dialect.WeekOf("i.published_at")} AS Week, count(*) AS Items FROM items i
            WHERE {dialect.In("i.kind", "@Kinds")} AND i.published_at >= @StartAt AND i.published_at < @EndAt{tags} GROUP BY 1
            """, parameters, cancellationToken);
    }

    private static Dictionary<DateOnly, int> Subtract(Dictionary<DateOnly, int> all, Dictionary<DateOnly, int> official) =>
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
