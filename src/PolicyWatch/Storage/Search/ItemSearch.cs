using System.Data.Common;
using PolicyWatch.Storage.Postgres.Search;

namespace PolicyWatch.Storage.Search;

/// <summary>A hit of a search ranked by relevance: the item, and its score (negative, best lowest, as bm25's).</summary>
internal readonly record struct RankedHit(long Id, double Score);

/// <summary>
/// One search as its engine runs it, on the connection of one page: SQLite's FTS5 index (<see cref="SqliteSearch"/>)
/// or PostgreSQL's tsquery over the GIN index (<see cref="PostgresSearch"/>). <see cref="ItemQueries"/> pages through
/// either the same way: the hits by relevance or by date after a cursor (each engine in its own SQL), stories'
/// followers left out by asking which of their fellow members match the words, and snippets for the hits shown. So the
/// pages, their order, their cursors and the stories they show are the same on both.
/// </summary>
/// <remarks>
/// The search's text is read when it is made (<see cref="For"/>): a search that cannot be read is refused before a
/// connection is opened. <see cref="BeginAsync"/> then starts it on the page's connection; disposing ends it.
/// </remarks>
internal abstract class ItemSearch : IAsyncDisposable
{
    /// <summary>The search <see cref="ItemFilter.Q"/> within the rest of <paramref name="filter"/>, as the engine of <paramref name="database"/> runs it.</summary>
    /// <exception cref="InvalidSearchException">The search text cannot be read.</exception>
    public static ItemSearch For(Database database, ItemFilter filter, ItemQueries queries) =>
        database.IsPostgres
            ? new PostgresSearch(filter, queries.RankedMatches ?? PostgresSearch.DefaultRankedMatches, queries.WalkFactor)
            : new SqliteSearch(filter, queries.RankedMatches ?? SqliteSearch.DefaultRankedMatches, queries.DateWalkMatches);

    /// <summary>Starts the search on the page's connection (what the engine works out once per page).</summary>
    public abstract Task BeginAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> hits best first (ties: the newest stored first), among the newest matches up to
    /// item <paramref name="newestId"/>, after the hit of <paramref name="after"/> as the ranking stands now (see
    /// <see cref="RelevanceCursor"/>).
    /// </summary>
    public abstract Task<List<RankedHit>> RankedAsync(RelevanceCursor? after, long newestId, int limit, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> matching items newest first, after <paramref name="after"/>, as timelines list them (no tags).</summary>
    public abstract Task<List<TimelineItem>> ByDateAsync(DateCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="ids"/> match the search's words, whatever its filters: for stories' fellow members.</summary>
    public abstract Task<HashSet<long>> MatchingAsync(long[] ids, CancellationToken cancellationToken);

    /// <summary>The snippet of each of <paramref name="ids"/> (matching items): HTML-safe, matches in &lt;mark&gt;.</summary>
    public abstract Task<IReadOnlyDictionary<long, string?>> SnippetsAsync(long[] ids, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
