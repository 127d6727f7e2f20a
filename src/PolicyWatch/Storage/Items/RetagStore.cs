using System.Data;
using System.Data.Common;
using Dapper;
using PolicyWatch.Classifying;

namespace PolicyWatch.Storage;

/// <summary>A stored item as retagging reads it: its text, its source, and its current tags.</summary>
public sealed record StoredItemText
{
    public long Id { get; init; }
    public required string SourceId { get; init; }
    public required string SourceJurisdiction { get; init; }
    public required string Title { get; init; }
    public string? SummaryText { get; init; }
    public string? Text { get; init; }
    public DateTimeOffset PublishedAt { get; init; }

    public HashSet<string> CurrentTags { get; } = [];

    /// <summary>The stored reasons, as "tag|phrase|field".</summary>
    public HashSet<string> CurrentWhy { get; } = [];
}

/// <summary>Reads stored items in id order, a batch at a time, and rewrites their tags; for <c>retag</c>.</summary>
public sealed class RetagStore(Database database)
{
    /// <summary>
    /// Tuples, not a record: the tags are SQL expressions, and Microsoft.Data.Sqlite calls an expression of no row a
    /// BLOB, which Dapper, matching a constructor's types as it opens the result, refused even with no row to read.
    /// </summary>
    private static async Task<IEnumerable<(long ItemId, string Tag)>> TagRowsAsync(IDbConnection connection, string sql, long[] ids, IDbTransaction transaction) =>
        await connection.QueryAsync<(long ItemId, string Tag)>(sql, new { Ids = ids }, transaction);

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items WHERE kind != 'milestone'");
    }

    /// <summary>
    /// Reads the next batch of items after <paramref name="afterId"/> and writes the tags <paramref name="retag"/> gives each
    /// (null: leave the item as it is), in one transaction. Milestones are left out: feeds.json tags them.
    /// </summary>
    /// <returns>The items read, in id order; none when every item has been read.</returns>
    public async Task<IReadOnlyList<StoredItemText>> RetagBatchAsync(long afterId, int size, Func<StoredItemText, Classification?> retag, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var batch = await BatchAsync(transaction, afterId, size);
        foreach (var item in batch)
            if (retag(item) is { } tags)
                await ItemStore.WriteTagsAsync(transaction, item.Id, item.PublishedAt, tags);
        await transaction.CommitAsync(cancellationToken);
        return batch;
    }

    private static async Task<IReadOnlyList<StoredItemText>> BatchAsync(IDbTransaction transaction, long afterId, int size)
    {
        var connection = transaction.Connection!;
        var items = (await connection.QueryAsync<StoredItemText>(
            """
            SELECT i.id AS Id, i.source_id AS SourceId, s.jurisdiction AS SourceJurisdiction, i.title AS Title,
                   unpack(i.summary_text) AS SummaryText, unpack(coalesce(i.archived_text, i.content_text)) AS Text, i.published_at AS PublishedAt
            FROM items i JOIN sources s ON s.id = i.source_id
            WHERE i.id > @AfterId AND i.kind != 'milestone'
            ORDER BY i.id LIMIT @Size
            """, new { AfterId = afterId, Size = size }, transaction)).AsList();
        if (items.Count == 0) return items;
        var byId = items.ToDictionary(i => i.Id);
        var ofBatch = SqlDialect.Of((DbConnection)connection).In("item_id", "@Ids");
        var tags = await TagRowsAsync(connection,
            $"""
            SELECT item_id AS ItemId, 'jurisdiction:' || jurisdiction AS Tag FROM item_jurisdictions WHERE {ofBatch}
            UNION ALL SELECT item_id, 'dossier:' || dossier_id FROM item_dossiers WHERE {ofBatch}
            UNION ALL SELECT item_id, 'topic:' || topic_id FROM item_topics WHERE {ofBatch}
            """, byId.Keys.ToArray(), transaction);
        foreach (var tag in tags) byId[tag.ItemId].CurrentTags.Add(tag.Tag);
        var reasons = await TagRowsAsync(connection,
            $"SELECT item_id AS ItemId, tag || '|' || phrase || '|' || field AS Tag FROM item_tag_reasons WHERE {ofBatch}",
            byId.Keys.ToArray(), transaction);
        foreach (var reason in reasons) byId[reason.ItemId].CurrentWhy.Add(reason.Tag);
        return items;
    }
}
