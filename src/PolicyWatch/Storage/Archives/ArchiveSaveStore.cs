using Dapper;

namespace PolicyWatch.Storage;

/// <summary>Where a page stands in the queue of pages the Internet Archive is asked to capture.</summary>
public enum SaveStatus
{
    /// <summary>Waiting for its turn (first, or again after a failure).</summary>
    Queued,
    /// <summary>Accepted by the archive; its job is polled until it ends.</summary>
    Submitted,
    /// <summary>Captured: the copy is recorded on the item.</summary>
    Saved,
    /// <summary>Not asked: the archive already held a copy taken since the item was published.</summary>
    Skipped,
    /// <summary>Given up after the last allowed attempt; the error says why.</summary>
    Failed,
}

/// <summary>A page in the save queue whose turn has come: to be submitted (queued) or polled (submitted).</summary>
public sealed record SaveTask
{
    public long ItemId { get; init; }
    public required string PageUrl { get; init; }
    public string? JobId { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>The item already has an archived copy captured at or after its publication: saving it again adds nothing.</summary>
    public bool HasCopySincePublished { get; init; }
}

/// <summary>One page's state in the save queue, for tests and the item page.</summary>
public sealed record SaveState(SaveStatus Status, int Attempts, string? JobId, string? LastError, DateTimeOffset? NextTryAt);

/// <summary>
/// The queue of pages to capture with Save Page Now, a table so it survives restarts: the new items of
/// sources with <c>"archive": true</c> are added to it, submitted a few at a time, polled until the archive
/// says how the capture ended, and retried with backoff when it failed.
/// </summary>
public sealed class ArchiveSaveStore(Database database)
{
    /// <summary>
    /// Makes the sources that save their pages those of feeds.json: a source that newly has <c>"archive": true</c>
    /// starts from the items stored after now (its older items are only looked up); one that no longer has it stops.
    /// Run at start, before any crawl, so the first crawl's items count as new.
    /// </summary>
    public async Task SyncSourcesAsync(IReadOnlyCollection<string> archivingSourceIds, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var dialect = SqlDialect.Of(connection);
        var ids = archivingSourceIds.ToArray();
        await connection.ExecuteAsync($"DELETE FROM archive_sources WHERE {dialect.NotIn("source_id", "@Ids")}", new { Ids = ids }, transaction);
        await connection.ExecuteAsync(
            $"""
            INSERT INTO archive_sources (source_id, since, last_item_id)
            SELECT id, @Now, (SELECT coalesce(max(id), 0) FROM items) FROM sources WHERE {dialect.In("id", "@Ids")}
            ON CONFLICT (source_id) DO NOTHING
            """, new { Ids = ids, Now = now }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Queues the items that saving sources stored since the last call (crawled, not recovered by a history walk,
    /// with an http(s) link). Returns how many were queued.
    /// </summary>
    public async Task<int> EnqueueNewItemsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var queued = await connection.ExecuteAsync(
            """
            INSERT INTO archive_saves (item_id, page_url, status, queued_at, updated_at, next_try_at)
            SELECT i.id, i.url, 'queued', @Now, @Now, @Now
            FROM archive_sources a JOIN items i ON i.id > a.last_item_id AND i.source_id = a.source_id
            WHERE i.arrived_via = 'crawl' AND (lower(i.url) LIKE 'http://%' OR lower(i.url) LIKE 'https://%')
            ON CONFLICT (item_id) DO NOTHING
            """, new { Now = now }, transaction);
        await connection.ExecuteAsync("UPDATE archive_sources SET last_item_id = (SELECT coalesce(max(id), 0) FROM items)", transaction: transaction);
        await transaction.CommitAsync(cancellationToken);
        return queued;
    }

    /// <summary>Queued pages whose turn has come, longest waiting first.</summary>
    public Task<IReadOnlyList<SaveTask>> DueSubmissionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        DueAsync(SaveStatus.Queued, now, limit, cancellationToken);

    /// <summary>Submitted pages whose job is due to be polled.</summary>
    public Task<IReadOnlyList<SaveTask>> DuePollsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        DueAsync(SaveStatus.Submitted, now, limit, cancellationToken);

    private async Task<IReadOnlyList<SaveTask>> DueAsync(SaveStatus status, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SaveTask>(new CommandDefinition(
            $"""
            SELECT s.item_id AS ItemId, s.page_url AS PageUrl, s.job_id AS JobId, s.attempts AS Attempts, s.submitted_at AS SubmittedAt,
                   coalesce(c.copy_url IS NOT NULL AND c.captured_at >= i.published_at, FALSE) AS HasCopySincePublished
            FROM archive_saves s {SqlDialect.Of(connection).IndexedBy("archive_saves_due")}
            JOIN items i ON i.id = s.item_id
            LEFT JOIN archived_copies c ON c.item_id = s.item_id
            WHERE s.status = @Status AND s.next_try_at IS NOT NULL AND s.next_try_at <= @Now
            ORDER BY s.next_try_at, s.item_id LIMIT @Limit
            """, new { Status = Text(status), Now = now, Limit = limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The archive accepted the page: its job is polled from <paramref name="pollAt"/>.</summary>
    public Task RecordSubmittedAsync(long itemId, string jobId, DateTimeOffset now, DateTimeOffset pollAt, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            """
            UPDATE archive_saves SET status = 'submitted', job_id = @JobId, attempts = attempts + 1, last_error = NULL,
                submitted_at = @Now, updated_at = @Now, next_try_at = @PollAt
            WHERE item_id = @ItemId
            """, new { ItemId = itemId, JobId = jobId, Now = now, PollAt = pollAt }, cancellationToken);

    /// <summary>The job is still running: poll again at <paramref name="pollAt"/>.</summary>
    public Task RecordPendingAsync(long itemId, DateTimeOffset now, DateTimeOffset pollAt, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE archive_saves SET updated_at = @Now, next_try_at = @PollAt WHERE item_id = @ItemId AND status = 'submitted'",
            new { ItemId = itemId, Now = now, PollAt = pollAt }, cancellationToken);

    /// <summary>Done: saved (the copy is recorded on the item) or skipped (a copy existed); never asked again.</summary>
    public Task RecordDoneAsync(long itemId, SaveStatus status, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE archive_saves SET status = @Status, last_error = NULL, updated_at = @Now, next_try_at = NULL WHERE item_id = @ItemId",
            new { ItemId = itemId, Status = Text(status), Now = now }, cancellationToken);

    /// <summary>
    /// A failed submission or job: back in the queue until <paramref name="retryAt"/>, or given up (<c>failed</c>)
    /// when it is null. <paramref name="countsAsAttempt"/> is false for a refusal that says nothing about the page
    /// (the archive's rate limit), so the page keeps its tries. A submission counted its attempt already.
    /// </summary>
    public Task RecordFailureAsync(long itemId, string error, DateTimeOffset now, DateTimeOffset? retryAt, bool countsAsAttempt,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            """
            UPDATE archive_saves SET status = @Status, job_id = NULL,
                attempts = attempts + CASE WHEN @Counts THEN 1 ELSE 0 END, last_error = @Error, updated_at = @Now, next_try_at = @RetryAt
            WHERE item_id = @ItemId
            """, new { ItemId = itemId, Status = Text(retryAt is null ? SaveStatus.Failed : SaveStatus.Queued), Error = error, Now = now, RetryAt = retryAt,
                Counts = countsAsAttempt }, cancellationToken);

    /// <summary>One page's place in the queue; null when it was never queued.</summary>
    public async Task<SaveState?> GetAsync(long itemId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Status, long Attempts, string? JobId, string? LastError, DateTimeOffset? NextTryAt)>(new CommandDefinition(
            "SELECT status, attempts, job_id, last_error, next_try_at FROM archive_saves WHERE item_id = @ItemId",
            new { ItemId = itemId }, cancellationToken: cancellationToken));
        return row.Status is null ? null : new SaveState(Enum.Parse<SaveStatus>(row.Status, ignoreCase: true), (int)row.Attempts, row.JobId, row.LastError, row.NextTryAt);
    }

    private static string Text(SaveStatus status) => status.ToString().ToLowerInvariant();

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
