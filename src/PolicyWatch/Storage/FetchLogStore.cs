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
    /// <summary>Worth knowing about an attempt that still succeeded.</summary>
    public string? Note { get; init; }
}

/// <summary>The fetch_log table: every attempt, when, how long, what came back.</summary>
public static class FetchLogStore
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
}
