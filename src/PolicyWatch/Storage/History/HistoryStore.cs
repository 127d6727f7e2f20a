using Dapper;

namespace PolicyWatch.Storage;

public enum HistoryStatus
{
    /// <summary>Not started: no method chosen yet.</summary>
    Pending,
    /// <summary>Under way: the position says where the next page is.</summary>
    Walking,
    /// <summary>Back to the horizon, or as far as the source goes.</summary>
    Finished,
    /// <summary>No method works for this source; the error says why.</summary>
    Failed,
}

/// <summary>
/// A source's walk back to its horizon, as stored: enough to resume it exactly where it stopped
/// (the method, the next page or capture) and to show it on /sources.
/// </summary>
public sealed record HistoryWalk(string SourceId, DateOnly Since)
{
    public string? Method { get; init; }
    public HistoryStatus Status { get; init; } = HistoryStatus.Pending;
    public string? Position { get; init; }
    public int Pages { get; init; }
    public int ItemsFound { get; init; }
    public int ItemsKept { get; init; }
    public DateTimeOffset? OldestAt { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? RetryAt { get; init; }
}

/// <summary>One page a walk read, to store in one transaction with its items and the walk's new state.</summary>
public sealed record HistoryPageRecord(string Address, string? NextAddress, bool NeverChanges, HistoryArrival Arrival, IReadOnlyList<ClassifiedItem> Items);

/// <summary>History walks and the archive pages they read.</summary>
public sealed class HistoryStore(Database database)
{
    // Properties, not a constructor: Dapper matches a constructor by the columns' types, which differ between the engines.
    private sealed record Row
    {
        public string SourceId { get; init; } = "";
        public DateOnly Since { get; init; }
        public string? Method { get; init; }
        public string Status { get; init; } = "";
        public string? Position { get; init; }
        public long Pages { get; init; }
        public long ItemsFound { get; init; }
        public long ItemsKept { get; init; }
        public DateTimeOffset? OldestAt { get; init; }
        public string? Error { get; init; }
        public DateTimeOffset? RetryAt { get; init; }
    }

    private const string Columns =
        """
        source_id AS SourceId, since AS Since, method AS Method, status AS Status, position AS Position, pages AS Pages,
        items_found AS ItemsFound, items_kept AS ItemsKept, oldest_at AS OldestAt, error AS Error, retry_at AS RetryAt
        """;

    public async Task<HistoryWalk?> GetAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM history_walks WHERE source_id = @SourceId", new { SourceId = sourceId }, cancellationToken: cancellationToken));
        return row is null ? null : Walk(row);
    }

    /// <summary>Every walk, for /sources.</summary>
    public async Task<IReadOnlyDictionary<string, HistoryWalk>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM history_walks", cancellationToken: cancellationToken));
        return rows.Select(Walk).ToDictionary(w => w.SourceId);
    }

    public async Task SaveAsync(HistoryWalk walk, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(UpsertSql, Parameters(walk, now), cancellationToken: cancellationToken));
    }

    /// <summary>
    /// A page read: its new items, the page itself when it never changes (an RFC 5005 archive), and the
    /// walk's new state, in one transaction, so a walk killed at any point resumes at the page it had
    /// not finished and stores nothing twice.
    /// </summary>
    /// <returns>How many of the page's items were new.</returns>
    public async Task<int> RecordPageAsync(HistoryWalk walk, HistoryPageRecord page, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var added = await ItemStore.AddFromHistoryAsync(transaction, walk.SourceId, page.Items, page.Arrival, now);
        if (page.NeverChanges)
            await connection.ExecuteAsync(
                """
                INSERT INTO history_pages (source_id, url, next_url, items, fetched_at) VALUES (@SourceId, @Url, @Next, @Items, @Now)
                ON CONFLICT (source_id, url) DO NOTHING
                """, new { walk.SourceId, Url = page.Address, Next = page.NextAddress, Items = page.Items.Count, Now = now }, transaction);
        await connection.ExecuteAsync(UpsertSql, Parameters(walk with { ItemsKept = walk.ItemsKept + added }, now), transaction);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>An archive page this source's walks have read already, with where it pointed next; null when new.</summary>
    public async Task<(string Url, string? Next)?> KnownPageAsync(string sourceId, string url, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Url, string? Next)?>(new CommandDefinition(
            "SELECT url, next_url FROM history_pages WHERE source_id = @SourceId AND url = @Url", new { SourceId = sourceId, Url = url },
            cancellationToken: cancellationToken));
        return row;
    }

    private const string UpsertSql =
        """
        INSERT INTO history_walks (source_id, since, method, status, position, pages, items_found, items_kept, oldest_at, error, retry_at, updated_at)
        VALUES (@SourceId, @Since, @Method, @Status, @Position, @Pages, @ItemsFound, @ItemsKept, @OldestAt, @Error, @RetryAt, @Now)
        ON CONFLICT (source_id) DO UPDATE SET
            since = excluded.since, method = excluded.method, status = excluded.status, position = excluded.position,
            pages = excluded.pages, items_found = excluded.items_found, items_kept = excluded.items_kept, oldest_at = excluded.oldest_at,
            error = excluded.error, retry_at = excluded.retry_at, updated_at = excluded.updated_at
        """;

    private static object Parameters(HistoryWalk walk, DateTimeOffset now) => new
    {
        walk.SourceId, walk.Since, walk.Method, Status = walk.Status.ToString().ToLowerInvariant(),
        walk.Position, walk.Pages, walk.ItemsFound, walk.ItemsKept, walk.OldestAt, walk.Error, walk.RetryAt, Now = now,
    };

    private static HistoryWalk Walk(Row row) => new(row.SourceId, row.Since)
    {
        Method = row.Method,
        Status = Enum.Parse<HistoryStatus>(row.Status, ignoreCase: true),
        Position = row.Position,
        Pages = (int)row.Pages,
        ItemsFound = (int)row.ItemsFound,
        ItemsKept = (int)row.ItemsKept,
        OldestAt = row.OldestAt,
        Error = row.Error,
        RetryAt = row.RetryAt,
    };
}
