using Dapper;

namespace PolicyWatch.Storage;

/// <summary>An item whose archived copy is due to be looked up.</summary>
public sealed record CopyLookup
{
    public long ItemId { get; init; }

    /// <summary>The item's link: the page whose copy is sought.</summary>
    public required string PageUrl { get; init; }

    /// <summary>The item's date: the archive is asked for the capture closest to it.</summary>
    public DateTimeOffset PublishedAt { get; init; }

    /// <summary>Lookups in a row that found no copy or failed.</summary>
    public int Attempts { get; init; }
}

/// <summary>How an archived copy became known.</summary>
public enum CopyFoundVia
{
    /// <summary>The availability API named it.</summary>
    Lookup,
    /// <summary>Our own Save Page Now request made it.</summary>
    Save,
}

/// <summary>
/// Each item's archived copy at the Internet Archive (address and capture time) and the state of its
/// lookup, one row per item with an http(s) link. Rows are made by triggers (migration 10) when an item
/// is stored or its link changes, due at once; this store only reads and records what lookups found.
/// Every write names the page it is about and lands only while that is still the item's link, so an answer
/// about an item's old link never lands on its new one.
/// </summary>
public sealed class ArchivedCopyStore(Database database)
{
    /// <summary>Items whose lookup is due, longest waiting first.</summary>
    public async Task<IReadOnlyList<CopyLookup>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CopyLookup>(new CommandDefinition(
            $"""
            SELECT c.item_id AS ItemId, i.url AS PageUrl, i.published_at AS PublishedAt, c.attempts AS Attempts
            FROM archived_copies c {SqlDialect.Of(connection).IndexedBy("archived_copies_due")} JOIN items i ON i.id = c.item_id
            WHERE c.next_lookup_at IS NOT NULL AND c.next_lookup_at <= @Now
            ORDER BY c.next_lookup_at, c.item_id LIMIT @Limit
            """, new { Now = now, Limit = limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Keeps the copy; the item is not looked up again (unless its link changes).</summary>
    public async Task RecordFoundAsync(long itemId, string pageUrl, string copyUrl, DateTimeOffset capturedAt, CopyFoundVia via, DateTimeOffset now,
        CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            """
            UPDATE archived_copies SET copy_url = @CopyUrl, captured_at = @CapturedAt, found_via = @Via,
                looked_up_at = CASE WHEN @Via = 'lookup' THEN @Now ELSE looked_up_at END,
                attempts = 0, last_error = NULL, next_lookup_at = NULL
            WHERE item_id = @ItemId AND @PageUrl = (SELECT url FROM items WHERE id = @ItemId)
            """,
            new { ItemId = itemId, PageUrl = pageUrl, CopyUrl = copyUrl, CapturedAt = capturedAt, Via = via.ToString().ToLowerInvariant(), Now = now },
            cancellationToken);

    /// <summary>
    /// The archive answered that it holds no copy, or none usable (<paramref name="note"/> says why one was passed
    /// over); ask again at <paramref name="next"/>.
    /// </summary>
    public async Task RecordNotFoundAsync(long itemId, string pageUrl, string? note, DateTimeOffset now, DateTimeOffset next,
        CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            """
            UPDATE archived_copies SET looked_up_at = @Now, attempts = attempts + 1, last_error = @Note, next_lookup_at = @Next
            WHERE item_id = @ItemId AND @PageUrl = (SELECT url FROM items WHERE id = @ItemId) AND copy_url IS NULL
            """,
            new { ItemId = itemId, PageUrl = pageUrl, Note = note, Now = now, Next = next }, cancellationToken);

    /// <summary>
    /// The lookup failed (the archive unreachable, an error status, an answer that cannot be read); ask again at
    /// <paramref name="next"/>, or never when it is null (a link that can never be looked up).
    /// </summary>
    public async Task RecordFailureAsync(long itemId, string pageUrl, string error, DateTimeOffset now, DateTimeOffset? next,
        CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            """
            UPDATE archived_copies SET looked_up_at = @Now, attempts = attempts + 1, last_error = @Error, next_lookup_at = @Next
            WHERE item_id = @ItemId AND @PageUrl = (SELECT url FROM items WHERE id = @ItemId) AND copy_url IS NULL
            """,
            new { ItemId = itemId, PageUrl = pageUrl, Error = error, Now = now, Next = next }, cancellationToken);

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
