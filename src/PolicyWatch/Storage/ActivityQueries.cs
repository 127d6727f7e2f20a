using System.Globalization;
using System.Text;
using Dapper;

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
    public async Task<Activity> WeeklyAsync(ItemFilter filter, int weeks = 104, CancellationToken cancellationToken = default)
    {
        var where = Where(filter);
        var scope = Scope(filter);
        await using var connection = await database.OpenAsync(cancellationToken);
        var latest = scope is null
            ? await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                $"SELECT max(i.published_at) FROM items i WHERE {where}", filter.Parameters(), cancellationToken: cancellationToken))
            : await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT max(week) FROM activity_weeks WHERE scope = @Scope AND items > 0 AND (@To IS NULL OR week < @To)",
                new { Scope = scope, To = filter.To is { } to ? UtcTimestamp.ToText(to) : null }, cancellationToken: cancellationToken));
        if (latest is null) return Activity.None;
        var lastMonday = Monday(DateOnly.FromDateTime(DateTime.Parse(latest[..10], CultureInfo.InvariantCulture)));
        var firstMonday = lastMonday.AddDays(-7 * (weeks - 1));
        if (filter.From is { } from && Monday(DateOnly.FromDateTime(from.UtcDateTime)) > firstMonday)
            firstMonday = Monday(DateOnly.FromDateTime(from.UtcDateTime));
        var parameters = filter.Parameters();
        parameters.Add("WindowStart", firstMonday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        parameters.Add("Scope", scope);
        var counts = await connection.QueryAsync<(string Monday, int Items)>(new CommandDefinition(
            scope is null
                ? $"""
                  SELECT date(i.published_at, '-6 days', 'weekday 1') AS Monday, count(*) AS Items
                  FROM items i WHERE {where} AND i.published_at >= @WindowStart
                  GROUP BY 1 ORDER BY 1
                  """
                : "SELECT week, items FROM activity_weeks WHERE scope = @Scope AND week >= @WindowStart AND items > 0 ORDER BY week",
            parameters, cancellationToken: cancellationToken));
        var markers = await connection.QueryAsync<ActivityMarker>(new CommandDefinition(
            $"""
            SELECT i.id AS Id, i.kind AS Kind, i.title AS Title, i.published_at AS At
            FROM items i WHERE {where} AND i.published_at >= @WindowStart AND i.kind IN ('milestone', 'legislative')
            ORDER BY i.published_at LIMIT 200
            """, parameters, cancellationToken: cancellationToken));
        return new Activity(firstMonday, lastMonday,
            counts.Where(c => c.Monday.CompareTo(lastMonday.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) < 0)
                .Select(c => new ActivityWeek(DateOnly.ParseExact(c.Monday, "yyyy-MM-dd", CultureInfo.InvariantCulture), c.Items)).ToList(),
            markers.AsList());
    }

    /// <summary>
    /// The precomputed weekly counts (activity_weeks) cover views of one dimension without a kind;
    /// a from/to only narrows the window, so a partial week at either end counts whole. Other
    /// combinations are counted live.
    /// </summary>
    private static string? Scope(ItemFilter filter)
    {
        if (filter.Kind is not null) return null;
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

    private static string Where(ItemFilter filter)
    {
        var sql = new StringBuilder("1 = 1");
        if (filter.Jurisdiction is not null) sql.Append(" AND i.id IN (SELECT item_id FROM item_jurisdictions WHERE jurisdiction = @Jurisdiction)");
        if (filter.Dossier is not null) sql.Append(" AND i.id IN (SELECT item_id FROM item_dossiers WHERE dossier_id = @Dossier)");
        if (filter.Topic is not null) sql.Append(" AND i.id IN (SELECT item_id FROM item_topics WHERE topic_id = @Topic)");
        if (filter.Source is not null) sql.Append(" AND i.source_id = @Source");
        if (filter.Kind is not null) sql.Append(" AND i.kind = @Kind");
        if (filter.From is not null) sql.Append(" AND i.published_at >= @From");
        if (filter.To is not null) sql.Append(" AND i.published_at < @To");
        return sql.ToString();
    }
}

internal static class ActivityFilterParameters
{
    public static DynamicParameters Parameters(this ItemFilter filter)
    {
        var parameters = new DynamicParameters();
        parameters.Add("Jurisdiction", filter.Jurisdiction);
        parameters.Add("Dossier", filter.Dossier);
        parameters.Add("Topic", filter.Topic);
        parameters.Add("Source", filter.Source);
        parameters.Add("Kind", filter.Kind?.ToString().ToLowerInvariant());
        parameters.Add("From", filter.From is { } from ? UtcTimestamp.ToText(from) : null);
        parameters.Add("To", filter.To is { } to ? UtcTimestamp.ToText(to) : null);
        return parameters;
    }
}
