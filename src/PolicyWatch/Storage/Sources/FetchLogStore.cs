using System.Data;
using Dapper;

namespace PolicyWatch.Storage;

/// <summary>One attempt at fetching a source, as the fetch log keeps it.</summary>
public sealed record FetchAttempt(
    string SourceId,
    DateTimeOffset StartedAt,
    long DurationMs,
    int? HttpStatus,
    FetchOutcome Outcome,
    long Bytes,
    int NewItems,
    int UpdatedItems,
    int SkippedItems,
    string? Error)
{
    /// <summary>Worth knowing about an attempt that still succeeded.</summary>
    public string? Note { get; init; }

    /// <summary>The node that fetched.</summary>
    public string? Node { get; init; }

    /// <summary>The source's own document, or an item's page.</summary>
    public FetchTarget Target { get; init; } = FetchTarget.Source;
}

/// <summary>The fetch_log table: every attempt, when, how long, what came back.</summary>
internal static class FetchLogStore
{
    internal static Task AddAsync(IDbTransaction transaction, FetchAttempt attempt) =>
        transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO fetch_log (source_id, started_at, duration_ms, http_status, outcome, target, node, bytes,
                                   new_items, updated_items, skipped_items, error, note)
            VALUES (@SourceId, @StartedAt, @DurationMs, @HttpStatus, @Outcome, @Target, @Node, @Bytes,
                    @NewItems, @UpdatedItems, @SkippedItems, @Error, @Note)
            """,
            new
            {
                attempt.SourceId, attempt.StartedAt, attempt.DurationMs,
                attempt.HttpStatus, Outcome = attempt.Outcome.Code(), Target = attempt.Target.Code(), attempt.Node, attempt.Bytes, attempt.NewItems, attempt.UpdatedItems,
                attempt.SkippedItems, attempt.Error, attempt.Note,
            },
            transaction);
}
