using Dapper;
using PolicyWatch.Classifying;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Storage;

/// <summary>An item waiting for its page to be archived.</summary>
public sealed record ArchiveCandidate
{
    public long Id { get; init; }
    public required string Url { get; init; }
    public required string Title { get; init; }
    public string? SummaryText { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public int Attempts { get; init; }
}

/// <summary>How an attempt to archive an item's page ended, when it did not.</summary>
public enum ArchiveFailure
{
    /// <summary>Worth another try later: a timeout, a 5xx, a page without main text today.</summary>
    Transient,
    /// <summary>Never worth another try: a refused link (file:, a private address), a 404, a 410.</summary>
    Permanent,
}

/// <summary>The archived text of items' pages: what an advocate can cite when the original changes or vanishes.</summary>
public sealed class ArchiveStore(Database database)
{
    /// <summary>Tries per page; a permanent failure uses them all at once. Also in migration 7's partial index.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// The source's items whose page is still to be archived, newest first: this fetch's new items
    /// and any left over (a killed crawl, a failure whose retry time has come). Bounded, so a
    /// source that just turned extraction on catches up over several crawls, not in one burst.
    /// </summary>
    public async Task<IReadOnlyList<ArchiveCandidate>> PendingAsync(string sourceId, DateTimeOffset retryTriedBefore, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ArchiveCandidate>(new CommandDefinition(
            $"""
            SELECT id AS Id, url AS Url, title AS Title, unpack(summary_text) AS SummaryText, published_at AS PublishedAt,
                   archive_attempts AS Attempts
            FROM items {SqlDialect.Of(connection).IndexedBy("items_pending_archive")}
            WHERE source_id = @SourceId AND archived_at IS NULL AND url IS NOT NULL AND archive_attempts < 3
              AND (archive_tried_at IS NULL OR archive_tried_at <= @RetryTriedBefore)
            ORDER BY id DESC LIMIT @Limit
            """, new { SourceId = sourceId, RetryTriedBefore = retryTriedBefore, Limit = limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Keeps the page's text with when it was captured and its hash, and the tags the text leads to. A text longer
    /// than <see cref="TextLimits.Text"/> is kept cut to it (ending in the mark) with the hash of what is kept, so the
    /// hash shown beside the archived text still matches it.
    /// </summary>
    /// <returns>Whether the text was cut.</returns>
    public async Task<bool> SaveAsync(ArchiveCandidate item, string text, string hash, DateTimeOffset capturedAt, Classification tags, CancellationToken cancellationToken = default)
    {
        // Pages are hostile like feeds (up to the 10 MiB body cap): the search index and the item page read this text.
        var cut = TextLimits.TryCut(text, TextLimits.Text, out var kept);
        if (cut) (text, hash) = (kept, Normalizer.Sha256(kept));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE items SET archived_text = pack(@Text), archived_at = @CapturedAt, archived_hash = @Hash,
                archive_attempts = archive_attempts + 1, archive_error = NULL, archive_tried_at = @CapturedAt
            WHERE id = @Id
            """,
            new { item.Id, Text = text, CapturedAt = capturedAt, Hash = hash }, transaction);
        await ItemStore.WriteTagsAsync(transaction, item.Id, item.PublishedAt, tags);
        await transaction.CommitAsync(cancellationToken);
        return cut;
    }

    /// <summary>Records a failed attempt on the item, so its page shows why there is no archived copy.</summary>
    public async Task RecordFailureAsync(long itemId, string error, ArchiveFailure failure, DateTimeOffset triedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE items SET archive_error = @Error, archive_tried_at = @TriedAt,
                archive_attempts = CASE WHEN @Permanent THEN @MaxAttempts ELSE archive_attempts + 1 END
            WHERE id = @Id
            """,
            new { Id = itemId, Error = error, TriedAt = triedAt, Permanent = failure == ArchiveFailure.Permanent, MaxAttempts },
            cancellationToken: cancellationToken));
    }
}
