using System.Data;
using Dapper;
using PolicyWatch.Catalog;

namespace PolicyWatch.Storage;

/// <summary>A source's schedule and health as the database holds them.</summary>
public sealed record SourceState
{
    public required string Id { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public int FailuresInRow { get; init; }
    public DateTimeOffset? NextFetchAt { get; init; }
    public bool Gone { get; init; }
}

/// <summary>How one attempt at a source ended, to write on its row.</summary>
public sealed record SourceOutcome(
    DateTimeOffset AttemptedAt,
    bool Succeeded,
    FetchOutcome Status,
    string? Error,
    DateTimeOffset NextFetchAt,
    bool Gone,
    string? ETag,
    string? LastModified)
{
    /// <summary>The node that crawled; the source is given back to the pool.</summary>
    public string? Node { get; init; }
}

/// <summary>The sources table: catalog sync, the schedule, and the outcome of each attempt.</summary>
public sealed class SourceStore(Database database)
{
    /// <summary>A source to crawl now: in feeds.json, not gone, its next fetch come (<c>@Now</c>).</summary>
    private const string IsDue = "in_catalog AND NOT gone AND (next_fetch_at IS NULL OR next_fetch_at <= @Now)";

    /// <summary>
    /// Makes the table match feeds.json: new sources are due now, changed ones are updated
    /// (a new URL clears "gone" and the validators and makes the source due; a new interval is counted
    /// from the last attempt), removed ones are kept with their items but no longer crawled.
    /// </summary>
    /// <param name="hostOf">The host a crawl of a source talks to, written on its row for the claims' host rule
    /// (<see cref="ClaimDueAsync"/>); written at every sync, so a new URL or API address moves the source to its new host.</param>
    public async Task SyncAsync(IReadOnlyList<SourceDefinition> sources, Func<SourceDefinition, string> hostOf, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var lastAttempts = (await connection.QueryAsync<(string Id, DateTimeOffset? LastAttemptAt)>(
            "SELECT id, last_attempt_at FROM sources", transaction: transaction)).ToDictionary(r => r.Id, r => r.LastAttemptAt);
        await connection.ExecuteAsync("UPDATE sources SET in_catalog = FALSE", transaction: transaction);
        foreach (var source in sources)
            await connection.ExecuteAsync(
                """
                INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds, in_catalog, next_fetch_at, official, host)
                VALUES (@Id, @Name, @Url, @Type, @Jurisdiction, @EverySeconds, TRUE, @Now, @Official, @Host)
                ON CONFLICT (id) DO UPDATE SET
                    name = excluded.name,
                    host = excluded.host,
                    official = excluded.official,
                    type = excluded.type,
                    jurisdiction = excluded.jurisdiction,
                    in_catalog = TRUE,
                    gone = CASE WHEN sources.url = excluded.url THEN sources.gone ELSE FALSE END,
                    etag = CASE WHEN sources.url = excluded.url THEN sources.etag END,
                    last_modified = CASE WHEN sources.url = excluded.url THEN sources.last_modified END,
                    next_fetch_at = CASE
                        WHEN sources.url != excluded.url THEN excluded.next_fetch_at
                        WHEN sources.every_seconds != excluded.every_seconds AND @Rescheduled < sources.next_fetch_at THEN @Rescheduled
                        ELSE sources.next_fetch_at END,
                    url = excluded.url,
                    every_seconds = excluded.every_seconds
                """,
                new
                {
                    source.Id, source.Name, Url = source.Url.ToString(), Type = source.Type.Name(),
                    source.Jurisdiction, EverySeconds = (long)source.Every.TotalSeconds, Now = now, source.Official, Host = hostOf(source),
                    // A shorter interval takes effect now, counted from the last attempt, not after the old one runs out.
                    Rescheduled = lastAttempts.GetValueOrDefault(source.Id) + source.Every,
                },
                transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Ids of the catalog's sources whose next fetch is due, soonest first; gone sources are never due.</summary>
    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            $"""
            SELECT id FROM sources WHERE {IsDue} ORDER BY next_fetch_at, id
            """,
            new { Now = now }, cancellationToken: cancellationToken));
        return ids.AsList();
    }

    /// <summary>
    /// Takes up to <paramref name="limit"/> of the sources due now that no node holds (or whose holder's lease ran out)
    /// for <paramref name="node"/> until <paramref name="leaseUntil"/>, so that several nodes sharing the database each
    /// crawl a share and never one source at once. A source whose host (the <c>host</c> its row keeps, see
    /// <see cref="SyncAsync"/>) another node holds a source of is left for later, so one host has one node's requests at
    /// a time, cluster-wide; and a node takes the sources of at most <paramref name="hosts"/> hosts (its fetch slots),
    /// leaving the other hosts to other nodes. Recording the fetch gives the source back.
    /// </summary>
    /// <remarks>
    /// Claims are taken one node at a time: SQLite runs one writer at a time (the transaction is IMMEDIATE), PostgreSQL
    /// takes a transaction-level advisory lock. That makes the host rule exact, which row locks alone would not (two
    /// nodes could each lock a different source of one host at the same moment); a claim is a few milliseconds once per
    /// batch, so the wait costs nothing measurable.
    /// </remarks>
    /// <returns>The sources taken, most overdue first.</returns>
    public async Task<IReadOnlyList<string>> ClaimDueAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, int hosts,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.IsPostgres)
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Lock)", new { Lock = ClaimLock }, transaction, cancellationToken: cancellationToken));
        var taken = (await connection.QueryAsync<string>(new CommandDefinition(
            ClaimableInOrder, new { Node = node, Now = now, Limit = limit, Hosts = hosts }, transaction, cancellationToken: cancellationToken))).AsList();
        if (taken.Count > 0)
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE sources SET claimed_by = @Node, claimed_until = @LeaseUntil WHERE {SqlDialect.Of(connection).In("id", "@Ids")}",
                new { Node = node, LeaseUntil = leaseUntil, Ids = taken.ToArray() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return taken;
    }

    /// <summary>
    /// A source <c>@Node</c> may take now: due, not held, and of a host no other node holds a source of. A source whose
    /// host is not known yet (a row from before hosts were kept, until the sync that follows every start-up's
    /// migration) is not taken, and holds up nobody.
    /// </summary>
    private const string IsClaimable =
        $"""
        {IsDue} AND (claimed_until IS NULL OR claimed_until <= @Now) AND host IS NOT NULL
        AND host NOT IN (SELECT held.host FROM sources held WHERE held.claimed_by <> @Node AND held.claimed_until > @Now AND held.host IS NOT NULL)
        """;

    /// <summary>
    /// The first <c>@Limit</c> claimable sources, oldest next fetch first, of the first <c>@Hosts</c> hosts in that
    /// order: the hosts are the first to appear among the first <c>@Limit</c> claimable sources (a host first seen
    /// later could not be reached before the limit), and the sources then come from those hosts alone. The same as
    /// walking the due sources in order, taking each whose host is taken already or while fewer than <c>@Hosts</c>
    /// are, until <c>@Limit</c> are taken; but the node reads only what it takes, where the walk read every held and
    /// every due source, each claim of a pass (inside the database, each half is a pass over the table's rows).
    /// </summary>
    private const string ClaimableInOrder =
        $"""
        WITH soonest AS (
            SELECT host, row_number() OVER (ORDER BY next_fetch_at, id) AS place
            FROM (SELECT host, next_fetch_at, id FROM sources WHERE {IsClaimable} ORDER BY next_fetch_at, id LIMIT @Limit) AS candidates
        ),
        chosen AS (SELECT host FROM soonest GROUP BY host ORDER BY min(place) LIMIT @Hosts)
        SELECT id FROM sources
        WHERE {IsClaimable} AND host IN (SELECT host FROM chosen)
        ORDER BY next_fetch_at, id
        LIMIT @Limit
        """;

    /// <summary>The advisory lock PostgreSQL claims are taken under ("PW claim" in ASCII).</summary>
    private const long ClaimLock = 0x5057_2063_6C61_696D;

    /// <summary>Gives back sources <paramref name="node"/> took but did not crawl (it was stopped); recorded ones are back already.</summary>
    public async Task ReleaseAsync(string node, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0) return;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE sources SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = @Node AND {SqlDialect.Of(connection).In("id", "@Ids")}",
            new { Node = node, Ids = ids.ToArray() }, cancellationToken: cancellationToken));
    }

    public async Task<SourceState?> GetStateAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SourceState>(new CommandDefinition(
            """
            SELECT id AS Id, etag AS ETag, last_modified AS LastModified, failures_in_row AS FailuresInRow,
                   next_fetch_at AS NextFetchAt, gone AS Gone
            FROM sources WHERE id = @Id
            """,
            new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>Writes an attempt's outcome: success resets the failure count, failure adds one.</summary>
    internal static Task RecordAsync(IDbTransaction transaction, string sourceId, SourceOutcome outcome) =>
        transaction.Connection!.ExecuteAsync(
            """
            UPDATE sources SET
                last_attempt_at = @AttemptedAt,
                last_success_at = CASE WHEN @Succeeded THEN @AttemptedAt ELSE last_success_at END,
                last_status = @Status,
                last_error = @Error,
                failures_in_row = CASE WHEN @Succeeded THEN 0 ELSE failures_in_row + 1 END,
                next_fetch_at = @NextFetchAt,
                gone = @Gone,
                etag = CASE WHEN @Succeeded THEN coalesce(@ETag, etag) ELSE etag END,
                last_modified = CASE WHEN @Succeeded THEN coalesce(@LastModified, last_modified) ELSE last_modified END,
                last_node = @Node, claimed_by = NULL, claimed_until = NULL
            WHERE id = @SourceId
            """,
            new
            {
                SourceId = sourceId, outcome.AttemptedAt, outcome.Succeeded, Status = outcome.Status.Code(), outcome.Error,
                outcome.NextFetchAt, outcome.Gone, outcome.ETag, outcome.LastModified, outcome.Node,
            },
            transaction);
}
