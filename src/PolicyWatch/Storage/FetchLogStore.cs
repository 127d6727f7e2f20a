using System.Data;
using Dapper;

namespace PolicyWatch.Storage;

/// <summary>One attempt at fetching a source, as the fetch log keeps it.</summary>
public sealed record FetchAttempt(
    string SourceId,
    DateTimeOffset StartedAt,
    long DurationMs,
    int? HttpStatus,
    string Outcome,
    long Bytes,
    int NewItems,
    int UpdatedItems,
    int SkippedItems,
    string? Error)
{
    // For Dapper, which needs column types to match a constructor exactly.
    private FetchAttempt() : this("", default, 0, null, "", 0, 0, 0, 0, null) { }

    /// <summary>Worth knowing about an attempt that still succeeded.</summary>
    public string? Note { get; init; }
}

/// <summary>The fetch_log table: every attempt, when, how long, what came back.</summary>
public sealed class FetchLogStore(Database database)
{
    public static Task AddAsync(IDbTransaction transaction, FetchAttempt attempt) =>
        transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO fetch_log (source_id, started_at, duration_ms, http_status, outcome, bytes,
                                   new_items, updated_items, skipped_items, error, note)
            VALUES (@SourceId, @StartedAt, @DurationMs, @HttpStatus, @Outcome, @Bytes,
                    @NewItems, @UpdatedItems, @SkippedItems, @Error, @Note)
            """,
            new
            {
                attempt.SourceId, attempt.StartedAt, attempt.DurationMs,
                attempt.HttpStatus, attempt.Outcome, attempt.Bytes, attempt.NewItems, attempt.UpdatedItems,
                attempt.SkippedItems, attempt.Error, attempt.Note,
            },
            transaction);

    public async Task<IReadOnlyList<FetchAttempt>> RecentAsync(string sourceId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FetchAttempt>(new CommandDefinition(
            """
            SELECT source_id AS SourceId, started_at AS StartedAt, duration_ms AS DurationMs, http_status AS HttpStatus,
                   outcome AS Outcome, bytes AS Bytes, new_items AS NewItems, updated_items AS UpdatedItems,
                   skipped_items AS SkippedItems, error AS Error, note AS Note
            FROM fetch_log WHERE source_id = @SourceId ORDER BY id DESC LIMIT @Limit
            """,
            new { SourceId = sourceId, Limit = limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
