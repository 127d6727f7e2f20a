using System.Text;
using Dapper;
using PolicyWatch.Catalog;

namespace PolicyWatch.Storage;

/// <summary>An item as timelines and the API list it.</summary>
public sealed record TimelineItem
{
    public long Id { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? Url { get; init; }
    public required string SourceId { get; init; }
    public required string SourceName { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public bool DateIsFirstSeen { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public string? Stage { get; init; }

    /// <summary>The date as the source wrote it; for milestones "2023-12" means only the month is known.</summary>
    public string? PublishedRaw { get; init; }

    public bool IsMonthOnly => Kind == "milestone" && PublishedRaw is { Length: 7 };

    /// <summary>With a search: the matching passage, HTML-encoded, matches wrapped in &lt;mark&gt;.</summary>
    public string? Snippet { get; init; }

    public IReadOnlyList<string> Jurisdictions { get; init; } = [];
    public IReadOnlyList<string> Dossiers { get; init; } = [];
    public IReadOnlyList<string> Topics { get; init; } = [];
}

/// <summary>Read models for timelines and the items API: newest first, filtered.</summary>
public sealed class ItemQueries(Database database)
{
    private sealed record TagRow(long ItemId, string Tag);

    public async Task<IReadOnlyList<TimelineItem>> ListAsync(ItemFilter filter, int limit, CancellationToken cancellationToken = default) =>
        (await PageAsync(filter with { Order = ItemOrder.Date }, cursor: null, limit, cancellationToken)).Items;

    /// <summary>
    /// One page of a view, newest first, continuing after <paramref name="cursor"/> (keyset: no OFFSET).
    /// Foundation version: search is a plain substring match on title and summary, always by date.
    /// </summary>
    /// <exception cref="InvalidCursorException">The cursor was not made by this method.</exception>
    public async Task<ItemPage> PageAsync(ItemFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        var after = cursor is null ? null : DateCursor.Parse(cursor);
        var sql = new StringBuilder(
            """
            SELECT i.id AS Id, i.kind AS Kind, i.title AS Title, i.url AS Url, i.source_id AS SourceId, s.name AS SourceName,
                   i.published_at AS PublishedAt, i.date_is_first_seen AS DateIsFirstSeen, i.first_seen_at AS FirstSeenAt, i.stage AS Stage,
                   i.published_raw AS PublishedRaw
            FROM items i JOIN sources s ON s.id = i.source_id
            WHERE 1 = 1
            """);
        if (filter.Jurisdiction is not null) sql.Append(" AND i.id IN (SELECT item_id FROM item_jurisdictions WHERE jurisdiction = @Jurisdiction)");
        if (filter.Dossier is not null) sql.Append(" AND i.id IN (SELECT item_id FROM item_dossiers WHERE dossier_id = @Dossier)");
        if (filter.Topic is not null) sql.Append(" AND i.id IN (SELECT item_id FROM item_topics WHERE topic_id = @Topic)");
        if (filter.Source is not null) sql.Append(" AND i.source_id = @Source");
        if (filter.Kind is not null) sql.Append(" AND i.kind = @Kind");
        if (filter.From is not null) sql.Append(" AND i.published_at >= @From");
        if (filter.To is not null) sql.Append(" AND i.published_at < @To");
        if (!string.IsNullOrWhiteSpace(filter.Q)) sql.Append(" AND (i.title LIKE @Like OR i.summary_text LIKE @Like)");
        if (after is not null) sql.Append(" AND (i.published_at < @AfterAt OR (i.published_at = @AfterAt AND i.id < @AfterId))");
        sql.Append(" ORDER BY i.published_at DESC, i.id DESC LIMIT @Limit");

        await using var connection = await database.OpenAsync(cancellationToken);
        var items = (await connection.QueryAsync<TimelineItem>(new CommandDefinition(sql.ToString(), new
        {
            filter.Jurisdiction, filter.Dossier, filter.Topic, filter.Source, Kind = filter.Kind?.ToString().ToLowerInvariant(),
            filter.From, filter.To, Like = $"%{filter.Q?.Trim()}%", AfterAt = after?.PublishedAt, AfterId = after?.Id, Limit = limit + 1,
        }, cancellationToken: cancellationToken))).AsList();
        var next = items.Count > limit ? DateCursor.Format(items[limit - 1]) : null;
        if (items.Count > limit) items.RemoveAt(limit);
        return new ItemPage(await WithTagsAsync(connection, items, cancellationToken), next);
    }

    private static async Task<IReadOnlyList<TimelineItem>> WithTagsAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, List<TimelineItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return items;
        var ids = items.Select(i => i.Id).ToArray();
        async Task<ILookup<long, string>> Tags(string table, string column) =>
            (await connection.QueryAsync<TagRow>(new CommandDefinition(
                $"SELECT item_id AS ItemId, {column} AS Tag FROM {table} WHERE item_id IN @Ids ORDER BY {column}",
                new { Ids = ids }, cancellationToken: cancellationToken))).ToLookup(r => r.ItemId, r => r.Tag);
        var jurisdictions = await Tags("item_jurisdictions", "jurisdiction");
        var dossiers = await Tags("item_dossiers", "dossier_id");
        var topics = await Tags("item_topics", "topic_id");
        return items.Select(i => i with
        {
            Jurisdictions = jurisdictions[i.Id].ToList(),
            Dossiers = dossiers[i.Id].ToList(),
            Topics = topics[i.Id].ToList(),
        }).ToList();
    }
}
