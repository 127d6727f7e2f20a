using Dapper;

namespace PolicyWatch.Storage;

/// <summary>A source as the sources page shows it: is it working, and if not, why.</summary>
public sealed record SourceHealth
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Url { get; init; }
    public required string Jurisdiction { get; init; }
    public long EverySeconds { get; init; }
    public bool InCatalog { get; init; }
    public bool Gone { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    /// <summary>How the last fetch ended, as stored (a <see cref="FetchOutcome"/> code).</summary>
    public string? LastStatusCode { get; init; }

    /// <summary>How the last fetch ended, in words.</summary>
    public string? LastStatus => LastStatusCode is null ? null : FetchOutcomes.FromCode(LastStatusCode)?.Describe() ?? LastStatusCode;
    public string? LastError { get; init; }
    public int FailuresInRow { get; init; }

    /// <summary>The node that crawled the source last (several nodes share one database).</summary>
    public string? LastNode { get; init; }
    public DateTimeOffset? NextFetchAt { get; init; }
    public long Items { get; init; }

    /// <summary>Items the last fetch skipped as off-topic (sources with "keep": "matching").</summary>
    public int LastSkipped { get; init; }

    /// <summary>Worth knowing about the last fetch even though it succeeded (e.g. a malformed feed).</summary>
    public string? LastNote { get; init; }

    /// <summary>The source's history walk: method, status (pending, walking, finished, failed), items recovered, oldest date, error.</summary>
    public string? HistoryMethod { get; init; }
    /// <summary>As stored (a <see cref="Storage.HistoryStatus"/> in lower case); read it as <see cref="History"/>.</summary>
    public string? HistoryStatusCode { get; init; }

    /// <summary>Where the history walk stands; null when none was started.</summary>
    public HistoryStatus? History =>
        HistoryStatusCode is null ? null : Enum.TryParse<HistoryStatus>(HistoryStatusCode, ignoreCase: true, out var status) ? status : null;
    public long HistoryItems { get; init; }
    public DateTimeOffset? HistoryOldestAt { get; init; }
    public string? HistoryError { get; init; }
    public DateTimeOffset? HistoryRetryAt { get; init; }

    /// <summary>The source's state in one word.</summary>
    public SourceCondition Status =>
        !InCatalog ? SourceCondition.Removed : Gone ? SourceCondition.Gone : FailuresInRow > 0 ? SourceCondition.Failing
        : LastAttemptAt is null ? SourceCondition.Pending : SourceCondition.Ok;
}

/// <summary>A source's state as the sources page shows it, worst first (the page's default order).</summary>
public enum SourceCondition
{
    /// <summary>Its last fetch failed.</summary>
    Failing,
    /// <summary>The server said it is gone for good (410).</summary>
    Gone,
    /// <summary>Never fetched yet.</summary>
    Pending,
    Ok,
    /// <summary>No longer in feeds.json; kept for its items.</summary>
    Removed,
}

public sealed class SourceHealthQueries(Database database)
{
    public async Task<IReadOnlyList<SourceHealth>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<SourceHealth>(new CommandDefinition(
            """
            SELECT s.id AS Id, s.name AS Name, s.url AS Url, s.jurisdiction AS Jurisdiction, s.every_seconds AS EverySeconds,
                   s.in_catalog AS InCatalog, s.gone AS Gone, s.last_attempt_at AS LastAttemptAt, s.last_success_at AS LastSuccessAt,
                   s.last_status AS LastStatusCode, s.last_error AS LastError, s.failures_in_row AS FailuresInRow, s.last_node AS LastNode,
                   s.next_fetch_at AS NextFetchAt,
                   (SELECT count(*) FROM items i WHERE i.source_id = s.id) AS Items,
                   coalesce(f.skipped_items, 0) AS LastSkipped, f.note AS LastNote,
                   h.method AS HistoryMethod, h.status AS HistoryStatusCode, coalesce(h.items_kept, 0) AS HistoryItems,
                   h.oldest_at AS HistoryOldestAt, h.error AS HistoryError, h.retry_at AS HistoryRetryAt
            FROM sources s
            LEFT JOIN history_walks h ON h.source_id = s.id
            LEFT JOIN fetch_log f ON f.id = (SELECT max(id) FROM fetch_log WHERE source_id = s.id AND target = 'source')
            WHERE s.type != 'curated'
            ORDER BY s.in_catalog DESC, s.failures_in_row > 0 DESC, s.gone DESC, s.name
            """, cancellationToken: cancellationToken)), cancellationToken);
        return rows.AsList();
    }
}
