using System.Data;
using Dapper;
using PolicyWatch.Normalizing;
using PolicyWatch.Stories;

namespace PolicyWatch.Storage;

/// <summary>What an item brings to story assignment.</summary>
public sealed record StoryEntry(
    long Id, string SourceId, string Kind, string Title, string? SummaryText, string? CanonicalUrl, string ContentHash, DateTimeOffset PublishedAt)
{
    /// <summary>
    /// Only articles make stories: legislative events and curated milestones do not (several official records of one
    /// step are one event on the dossier's timeline already, and their short formal titles say too little).
    /// </summary>
    public bool TakesPart => Kind == "article";

    internal static StoryEntry Of(long id, string sourceId, NormalizedItem item, DateTimeOffset publishedAt) =>
        new(id, sourceId, item.Kind.ToString().ToLowerInvariant(), item.Title, item.SummaryText, item.CanonicalUrl, item.ContentHash, publishedAt);
}

/// <summary>What a pass over items not yet assigned did: how many it assigned, and how many of those joined a story.</summary>
public sealed record StoryPassReport(long Assigned, long Joined);

/// <summary>How an item was assigned: the story it joined (null: it stands alone for now) and why.</summary>
public sealed record StoryAssignment(long ItemId, long? StoryId, string? JoinedBy, double Score);

/// <summary>
/// Stories: items of several sources about one event. Assignment is incremental, inside the transaction that
/// stores the item: an article joins the story of an earlier-assigned article of another source with the same
/// canonical link or content hash, else of the one whose words are most like its own (cosine of weighed words at least
/// <see cref="StoryRules.Threshold"/>, published within <see cref="StoryRules.WindowDays"/> days, found by shared
/// heavy words through an index), else it stands alone until another joins it. A source's own items never join each
/// other: a series ("Weekly note 12", "Weekly note 13") reads alike but reports different events. Nothing already assigned is
/// re-read beyond a bounded set of candidates, and stories never merge, so a story's id (its founding item's)
/// never changes. An item whose text changes later keeps its story.
/// </summary>
public static class StoryStore
{
    // Properties, not a constructor: Dapper matches a constructor by column types, and the texts are expressions without one.
    private sealed record Candidate
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string? SummaryText { get; init; }
        public double Norm { get; init; }
    }

    /// <summary>Assigns a newly stored item to a story (or to none yet) and records what later items need to find it.</summary>
    internal static async Task<StoryAssignment> AssignAsync(IDbTransaction transaction, StoryEntry entry, DateTimeOffset now, StoryRules? rules = null)
    {
        rules ??= StoryRules.Default;
        var connection = transaction.Connection!;
        if (!entry.TakesPart)
        {
            await connection.ExecuteAsync(SignatureSql, new { entry.Id, Norm = 0.0 }, transaction);
            return new StoryAssignment(entry.Id, null, null, 0);
        }
        var dialect = SqlDialect.Of(connection);
        var exact = await connection.ExecuteScalarAsync<long?>(
            $"""
            SELECT min(x.id) FROM (
                SELECT id FROM items WHERE canonical_url = @CanonicalUrl
                UNION ALL SELECT id FROM items WHERE content_hash = @ContentHash) x
            {dialect.JoinInOrder} items i ON i.id = x.id
            WHERE x.id <> @Id AND i.source_id <> @SourceId AND i.kind = 'article'
              AND EXISTS (SELECT 1 FROM story_signatures g WHERE g.item_id = x.id)
            """, new { entry.Id, entry.SourceId, entry.CanonicalUrl, entry.ContentHash }, transaction);
        var (match, joinedBy, score) = (exact, exact is null ? null : "link or content", 1.0);
        var vector = await WeighAsync(transaction, StoryText.Terms(entry.Title, entry.SummaryText));
        var keys = vector.Keys(rules.Keys);
        var day = DateOnly.FromDateTime(entry.PublishedAt.UtcDateTime).DayNumber;
        if (match is null && await BestMatchAsync(transaction, entry, vector, keys, day, rules) is { } best)
            (match, joinedBy, score) = (best.Id, "words", best.Score);
        // WHERE true: SQLite would read the ON of ON CONFLICT as a join's.
        await connection.ExecuteAsync(
            $"INSERT INTO story_keys (term, day, item_id) SELECT value, @Day, @Id FROM {dialect.Rows("@Keys")} WHERE true ON CONFLICT DO NOTHING",
            new { Keys = dialect.Integers(keys), Day = day, entry.Id }, transaction);
        await connection.ExecuteAsync(SignatureSql, new { entry.Id, Norm = vector.Norm }, transaction);
        if (match is null) return new StoryAssignment(entry.Id, null, null, 0);
        var story = await JoinAsync(transaction, entry.Id, match.Value, joinedBy!, score, now);
        return new StoryAssignment(entry.Id, story, joinedBy, score);
    }

    private const string SignatureSql =
        "INSERT INTO story_signatures (item_id, norm) VALUES (@Id, @Norm) ON CONFLICT (item_id) DO UPDATE SET norm = excluded.norm";

    /// <summary>
    /// Counts an item's words into the document frequencies without assigning it: for a collection of items
    /// that stand in for a store's other content (the labelled pairs' test).
    /// </summary>
    internal static Task CountWordsAsync(IDbTransaction transaction, string title, string? summaryText) =>
        WeighAsync(transaction, StoryText.Terms(title, summaryText));

    /// <summary>Counts the item's words in (the document frequencies) and weighs them with the counts that result.</summary>
    private static async Task<StoryVector> WeighAsync(IDbTransaction transaction, IReadOnlyDictionary<long, int> counts)
    {
        // One statement whatever the number of words (a statement per word, or one with a parameter per word, costs
        // several times more).
        var connection = transaction.Connection!;
        var dialect = SqlDialect.Of(connection);
        var frequencies = (await connection.QueryAsync<(long Term, long Items)>(
            $"""
            INSERT INTO story_terms (term, items) SELECT value, 1 FROM {dialect.Rows("@Terms")} WHERE true
            ON CONFLICT (term) DO UPDATE SET items = story_terms.items + 1
            RETURNING term, items
            """, new { Terms = dialect.Integers(counts.Keys.Prepend(StoryText.DocumentCountKey)) }, transaction)).ToDictionary(f => f.Term, f => f.Items);
        return StoryVector.Weigh(counts, frequencies, frequencies[StoryText.DocumentCountKey]);
    }

    /// <summary>
    /// The assigned item most like this one among those published within the window that share at least
    /// <see cref="StoryRules.SharedKeys"/> (of <paramref name="rules"/>) of its keys, when its cosine reaches the threshold.
    /// </summary>
    private static async Task<(long Id, double Score)?> BestMatchAsync(IDbTransaction transaction, StoryEntry entry, StoryVector vector, IReadOnlyList<long> keys, int day, StoryRules rules)
    {
        var connection = transaction.Connection!;
        var dialect = SqlDialect.Of(connection);
        var ids = (await connection.QueryAsync<long>(
            $"""
            SELECT item_id FROM story_keys
            WHERE {dialect.In("term", "@Keys")} AND day BETWEEN @Day - @Window AND @Day + @Window AND item_id <> @Id
            GROUP BY item_id HAVING count(*) >= @Shared
            ORDER BY count(*) DESC, item_id DESC LIMIT @Max
            """,
            new { Keys = keys.ToArray(), Day = day, Window = rules.WindowDays, entry.Id, Shared = rules.SharedKeys, Max = rules.MaxCandidates },
            transaction)).AsList();
        if (ids.Count == 0) return null;
        var candidates = await connection.QueryAsync<Candidate>(
            $"""
            SELECT i.id AS Id, {StoredText.AtMost("i.title", StoryText.TitleChars)} AS Title,
                   {StoredText.UnpackedAtMost("i.summary_text", StoryText.SummaryChars)} AS SummaryText, g.norm AS Norm
            FROM items i JOIN story_signatures g ON g.item_id = i.id
            WHERE {dialect.In("i.id", "@Ids")} AND i.source_id <> @SourceId
            """, new { Ids = ids.ToArray(), entry.SourceId }, transaction);
        (long Id, double Score)? best = null;
        foreach (var candidate in candidates)
        {
            var score = vector.Cosine(StoryText.Terms(candidate.Title, candidate.SummaryText), candidate.Norm);
            if (score >= rules.Threshold && (best is null || score > best.Value.Score)) best = (candidate.Id, score);
        }
        return best;
    }

    /// <summary>Puts <paramref name="itemId"/> in the story of <paramref name="otherId"/>, founding it when the other stood alone.</summary>
    private static async Task<long> JoinAsync(IDbTransaction transaction, long itemId, long otherId, string joinedBy, double score, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        var story = await connection.ExecuteScalarAsync<long?>("SELECT story_id FROM story_members WHERE item_id = @Id", new { Id = otherId }, transaction);
        if (story is null)
        {
            story = otherId;
            await connection.ExecuteAsync(
                "INSERT INTO stories (id, lead_item_id, items, sources, created_at) VALUES (@Story, @Story, 1, 1, @Now)",
                new { Story = story, Now = now }, transaction);
            await AddMemberAsync(transaction, otherId, story.Value, "founded");
        }
        await AddMemberAsync(transaction, itemId, story.Value,
            joinedBy == "words" ? FormattableString.Invariant($"words {score:F3} with item {otherId}") : $"{joinedBy} of item {otherId}");
        return story.Value;
    }

    // The insert trigger re-chooses the lead and recounts the story (migration 14). Official: the source says it is an
    // official body ("official": true in feeds.json), whose own report of an event leads the story.
    private static Task AddMemberAsync(IDbTransaction transaction, long itemId, long storyId, string joinedBy) =>
        transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO story_members (item_id, story_id, source_id, kind, published_at, official, joined_by)
            SELECT i.id, @Story, i.source_id, i.kind, i.published_at, s.official, @JoinedBy FROM items i JOIN sources s ON s.id = i.source_id WHERE i.id = @Id
            """, new { Id = itemId, Story = storyId, JoinedBy = joinedBy }, transaction);

    /// <summary>Items stored before stories existed (migration 14) or since <see cref="ClearAsync"/>: those without a signature.</summary>
    public static async Task<long> CountPendingAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM story_signatures g WHERE g.item_id = i.id)", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Assigns up to <paramref name="limit"/> items not assigned yet, oldest stored first, a transaction per
    /// <paramref name="batchSize"/> so the write lock is never held for long. Idempotent: an assigned item is never
    /// assigned again, and a pass stopped midway loses at most its open batch.
    /// </summary>
    /// <param name="progress">Called after each batch with the number assigned so far.</param>
    public static async Task<StoryPassReport> AssignPendingAsync(Database database, long limit, int batchSize, DateTimeOffset now,
        Action<long>? progress, CancellationToken cancellationToken)
    {
        var (assigned, joined, after) = (0L, 0L, 0L);
        while (assigned < limit)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            var batch = (await connection.QueryAsync<PendingRow>(new CommandDefinition(
                $"""
                SELECT i.id AS Id, i.source_id AS SourceId, i.kind AS Kind, {StoredText.AtMost("i.title", StoryText.TitleChars)} AS Title,
                       {StoredText.UnpackedAtMost("i.summary_text", StoryText.SummaryChars)} AS SummaryText,
                       i.canonical_url AS CanonicalUrl, i.content_hash AS ContentHash, i.published_at AS PublishedAt
                FROM items i WHERE i.id > @After AND NOT EXISTS (SELECT 1 FROM story_signatures g WHERE g.item_id = i.id)
                ORDER BY i.id LIMIT @Size
                """, new { After = after, Size = (int)Math.Min(batchSize, limit - assigned) }, transaction, cancellationToken: cancellationToken))).AsList();
            if (batch.Count == 0) break;
            foreach (var row in batch)
            {
                var assignment = await AssignAsync(transaction,
                    new StoryEntry(row.Id, row.SourceId, row.Kind, row.Title, row.SummaryText, row.CanonicalUrl, row.ContentHash, row.PublishedAt), now);
                if (assignment.StoryId is not null) joined++;
            }
            await transaction.CommitAsync(cancellationToken);
            (assigned, after) = (assigned + batch.Count, batch[^1].Id);
            progress?.Invoke(assigned);
        }
        return new StoryPassReport(assigned, joined);
    }

    /// <summary>Forgets every story and what assignment learnt, so that every item is pending again (<c>stories --rebuild</c>).</summary>
    public static async Task ClearAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM story_members;
            DELETE FROM stories;
            DELETE FROM story_keys;
            DELETE FROM story_terms;
            DELETE FROM story_signatures;
            """, transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    // Properties, not a constructor: see Candidate.
    private sealed record PendingRow
    {
        public long Id { get; init; }
        public string SourceId { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Title { get; init; } = "";
        public string? SummaryText { get; init; }
        public string? CanonicalUrl { get; init; }
        public string ContentHash { get; init; } = "";
        public DateTimeOffset PublishedAt { get; init; }
    }
}
