using System.Data.Common;
using Dapper;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Storage;

/// <summary>What a digest summarises: a jurisdiction, a dossier or a topic.</summary>
public enum DigestScope { Jurisdiction, Dossier, Topic }

/// <summary>An item as a digest lists it.</summary>
public sealed record DigestItem
{
    public long Id { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? Url { get; init; }
    public required string SourceName { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public string? Stage { get; init; }
    public IReadOnlyList<string> Dossiers { get; init; } = [];
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>The story the item is in (null: in none) and whether it leads it: a digest lists a story once.</summary>
    public long? StoryId { get; init; }
    public bool LeadsStory { get; init; }
}

/// <summary>A closed period's digest as frozen on first render: its summary is stored, never recomputed.</summary>
public sealed record FrozenDigest(string FeedKey, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, int ItemCount, string SummaryJson);

/// <summary>Items for digests, by when PolicyWatch first saw them, and the frozen periods.</summary>
public sealed class DigestQueries(Database database)
{
    /// <summary>
    /// Items of the scope first seen in [from, to), oldest first. Items a history walk recovered are
    /// not among them: they were first seen when the walk found them, but they are old news, not
    /// what happened in the period.
    /// </summary>
    public async Task<IReadOnlyList<DigestItem>> FirstSeenAsync(DigestScope scope, string id, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        var tagged = scope switch
        {
            DigestScope.Jurisdiction => "SELECT item_id FROM item_jurisdictions WHERE jurisdiction = @Id",
            DigestScope.Dossier => "SELECT item_id FROM item_dossiers WHERE dossier_id = @Id",
            _ => "SELECT item_id FROM item_topics WHERE topic_id = @Id",
        };
        return await database.ReadAsync(connection => FirstSeenAsync(connection, tagged, id, from, to, cancellationToken), cancellationToken);
    }

    private static async Task<IReadOnlyList<DigestItem>> FirstSeenAsync(DbConnection connection, string tagged, string id,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var items = (await connection.QueryAsync<DigestItem>(new CommandDefinition(
            $"""
            SELECT i.id AS Id, i.kind AS Kind, {StoredText.AtMost("i.title", TextLimits.Title)} AS Title, i.url AS Url, s.name AS SourceName,
                   i.published_at AS PublishedAt, i.first_seen_at AS FirstSeenAt, {StoredText.AtMost("i.stage", TextLimits.Label)} AS Stage,
                   m.story_id AS StoryId, coalesce(m.is_lead, FALSE) AS LeadsStory
            FROM items i JOIN sources s ON s.id = i.source_id LEFT JOIN story_members m ON m.item_id = i.id
            WHERE i.id IN ({tagged}) AND i.first_seen_at >= @From AND i.first_seen_at < @To AND i.arrived_via != 'history'
            ORDER BY i.first_seen_at, i.id
            """, new { Id = id, From = from, To = to }, cancellationToken: cancellationToken))).AsList();
        if (items.Count == 0) return items;
        var ids = items.Select(i => i.Id).ToArray();
        var tags = await ItemTags.LoadAsync(connection, ids, [ItemTags.Dossiers, ItemTags.Topics], cancellationToken);
        var (dossiers, topics) = (tags[0], tags[1]);
        return items.Select(i => i with { Dossiers = dossiers[i.Id].ToList(), Topics = topics[i.Id].ToList() }).ToList();
    }

    /// <summary>The frozen periods of a digest feed starting at or after <paramref name="from"/>.</summary>
    public async Task<IReadOnlyList<FrozenDigest>> FrozenAsync(string feedKey, DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<FrozenRow>(new CommandDefinition(
            """
            SELECT feed_key AS FeedKey, period_start AS PeriodStart, period_end AS PeriodEnd, item_count AS ItemCount, summary_json AS SummaryJson
            FROM digest_periods WHERE feed_key = @FeedKey AND period_start >= @From
            """, new { FeedKey = feedKey, From = from }, cancellationToken: cancellationToken)), cancellationToken);
        return rows.Select(r => new FrozenDigest(r.FeedKey, r.PeriodStart, r.PeriodEnd, (int)r.ItemCount, r.SummaryJson)).ToList();
    }

    // Properties, not a constructor: Dapper matches a constructor by the columns' types, which differ between the engines.
    private sealed record FrozenRow
    {
        public string FeedKey { get; init; } = "";
        public DateTimeOffset PeriodStart { get; init; }
        public DateTimeOffset PeriodEnd { get; init; }
        public long ItemCount { get; init; }
        public string SummaryJson { get; init; } = "";
    }

    /// <summary>
    /// Stores periods unless already frozen. A concurrent render may have frozen the same period
    /// first; the first one wins and both callers then read it back.
    /// </summary>
    public async Task FreezeAsync(IReadOnlyCollection<FrozenDigest> digests, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (digests.Count == 0) return;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO digest_periods (feed_key, period_start, period_end, item_count, summary_json, frozen_at)
            VALUES (@FeedKey, @PeriodStart, @PeriodEnd, @ItemCount, @SummaryJson, @Now)
            ON CONFLICT (feed_key, period_start) DO NOTHING
            """, digests.Select(d => new { d.FeedKey, d.PeriodStart, d.PeriodEnd, d.ItemCount, d.SummaryJson, Now = now }),
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
