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
}

/// <summary>The archived text of items' pages: what an advocate can cite when the original changes or vanishes.</summary>
public sealed class ArchiveStore(Database database)
{
    public async Task<IReadOnlyList<ArchiveCandidate>> CandidatesAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0) return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ArchiveCandidate>(new CommandDefinition(
            """
            SELECT id AS Id, url AS Url, title AS Title, unpack(summary_text) AS SummaryText, published_at AS PublishedAt
            FROM items WHERE id IN @Ids AND url IS NOT NULL AND archived_at IS NULL ORDER BY id
            """, new { Ids = ids.ToArray() }, cancellationToken: cancellationToken));
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
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE items SET archived_text = pack(@Text), archived_at = @CapturedAt, archived_hash = @Hash WHERE id = @Id",
            new { item.Id, Text = text, CapturedAt = capturedAt, Hash = hash }, transaction);
        await ItemStore.WriteTagsAsync(transaction, item.Id, item.PublishedAt, tags);
        await transaction.CommitAsync(cancellationToken);
        return cut;
    }
}
