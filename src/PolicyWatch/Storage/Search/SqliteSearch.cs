using System.Data.Common;
using Dapper;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// A search on SQLite: the site's syntax as an FTS5 expression (<see cref="SearchExpression"/>) with the view's
/// filters inside it or checked per match (<see cref="SearchPlan"/>); ranked by bm25 (<see cref="CachedBm25"/>) among
/// the newest matches, or by date; snippets from <see cref="BoundedSnippet"/>.
/// </summary>
internal sealed class SqliteSearch : ItemSearch
{
    /// <summary>
    /// How many of a search's newest matches are ranked by relevance, unless <see cref="ItemQueries.RankedMatches"/>
    /// says otherwise (see <see cref="SearchByRelevanceSql"/>).
    /// </summary>
    public const int DefaultRankedMatches = 20_000;

    /// <summary>
    /// bm25 (as <see cref="CachedBm25"/>, which keeps each phrase's document count for the @Match text) with weights
    /// for title, summary, archived text and filters: a word in the title says most about an item; filters say nothing.
    /// </summary>
    internal const string Bm25 = "pw_rank(items_fts, @Match, 10.0, 4.0, 1.0, 0.0)";

    private readonly ItemFilter _filter;
    private readonly string _translated;
    private readonly int _rankedMatches;
    private readonly int _dateWalkMatches;
    private DbConnection? _connection;
    private SearchPlan? _plan;
    private bool? _walksTheTimeline;

    /// <param name="dateWalkMatches">A search by date with at least this many matches walks the timeline (see <see cref="ItemQueries.DateWalkMatches"/>).</param>
    /// <exception cref="InvalidSearchException">The search text cannot be read.</exception>
    public SqliteSearch(ItemFilter filter, int rankedMatches, int dateWalkMatches)
    {
        _filter = filter;
        _translated = SearchExpression.Translate(filter.Q ?? "");
        _rankedMatches = rankedMatches;
        _dateWalkMatches = dateWalkMatches;
    }

    private DbConnection Connection => _connection ?? throw new InvalidOperationException("the search has not begun");

    private SearchPlan Plan => _plan ?? throw new InvalidOperationException("the search has not begun");

    public override async Task BeginAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        _connection = connection;
        _plan = await SearchPlan.ForAsync(connection, _filter, _translated, cancellationToken);
    }

    /// <summary>The filter's parameters, the FTS expressions, and the rows wanted.</summary>
    private DynamicParameters Parameters(int limit)
    {
        var parameters = ItemFilterSql.Parameters(_filter);
        parameters.Add("Match", Plan.Match);
        parameters.Add("TextMatch", Plan.TextMatch);
        parameters.Add("Limit", limit);
        return parameters;
    }

    public override async Task<List<RankedHit>> RankedAsync(RelevanceCursor? after, long newestId, int limit, CancellationToken cancellationToken)
    {
        var parameters = Parameters(limit);
        parameters.Add("AfterScore", after?.Score);
        parameters.Add("AfterId", after?.Id);
        parameters.Add("NewestId", newestId);
        parameters.Add("RankedMatches", _rankedMatches);
        return (await Connection.QueryAsync<(long Id, double Score)>(new CommandDefinition(
                SearchByRelevanceSql(_filter, after is not null, Plan.JurisdictionPerMatch), parameters, cancellationToken: cancellationToken)))
            .Select(h => new RankedHit(h.Id, h.Score)).ToList();
    }

    public override async Task<List<TimelineItem>> ByDateAsync(DateCursor? after, int limit, CancellationToken cancellationToken)
    {
        var parameters = Parameters(limit);
        parameters.Add("AfterAt", after?.PublishedAt);
        parameters.Add("AfterId", after?.Id);
        _walksTheTimeline ??= !HasPrefix(Plan.Match) && await HasManyMatchesAsync(cancellationToken);
        var sql = _walksTheTimeline.Value
            ? ItemQueries.TimelineSql(_filter, after is not null, alsoMatching: MatchesWords)
            : SearchByDateSql(_filter, after is not null, Plan.JurisdictionPerMatch);
        return (await Connection.QueryAsync<TimelineItem>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>The item <paramref name="id"/> matches the words (@TextMatch): one probe of the FTS index, for a walk along the timeline.</summary>
    internal static string MatchesWords(string id) => $"EXISTS (SELECT 1 FROM items_fts WHERE items_fts MATCH @TextMatch AND rowid = {id})";

    /// <summary>
    /// A prefix term makes FTS5 build its whole list of matches on every evaluation, so an expression
    /// with one is evaluated once per query, never once per row.
    /// </summary>
    private static bool HasPrefix(string match) => match.Contains("\"*", StringComparison.Ordinal);

    private async Task<bool> HasManyMatchesAsync(CancellationToken cancellationToken) =>
        await Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH @Match LIMIT @Enough)",
            new { Plan.Match, Enough = _dateWalkMatches }, cancellationToken: cancellationToken)) >= _dateWalkMatches;

    /// <summary>
    /// FTS5 evaluates the expression afresh for each rowid it is handed, and a prefix builds its whole list of matches
    /// each time; so with a prefix the matches are read once over the ids' range and filtered (+rowid).
    /// </summary>
    private static string RowsOf(string match) => HasPrefix(match) ? "rowid BETWEEN @Min AND @Max AND +rowid IN @Ids" : "rowid IN @Ids";

    public override async Task<HashSet<long>> MatchingAsync(long[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0) return [];
        return (await Connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT rowid FROM items_fts WHERE items_fts MATCH @Match AND {RowsOf(Plan.TextMatch)}",
            new { Match = Plan.TextMatch, Ids = ids, Min = ids.Min(), Max = ids.Max() }, cancellationToken: cancellationToken))).ToHashSet();
    }

    /// <summary>
    /// Snippets are made for the page only: a snippet is the costly part of a search (pw_snippet bounds each one;
    /// FTS5's own snippet() grows with the square of a row's matches).
    /// </summary>
    public override async Task<IReadOnlyDictionary<long, string?>> SnippetsAsync(long[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0) return new Dictionary<long, string?>();
        return (await Connection.QueryAsync<(long Id, string? Raw)>(new CommandDefinition(
            $"""
            SELECT rowid, {BoundedSnippet.Name}(items_fts, char({(int)SearchSnippet.Open}), char({(int)SearchSnippet.Close}), '…', 24)
            FROM items_fts WHERE items_fts MATCH @Match AND {RowsOf(Plan.TextMatch)}
            """,
            new { Match = Plan.TextMatch, Ids = ids, Min = ids.Min(), Max = ids.Max() }, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.Id, s => SearchSnippet.ToHtml(s.Raw));
    }

    /// <summary>
    /// A search by date, starting from the matches: every match is looked up and sorted, so this is for
    /// searches with few matches; one with many walks the timeline instead (<see cref="ItemQueries.TimelineSql"/>).
    /// The filters other than dates are inside @Match or checked per match (<see cref="SearchPlan"/>).
    /// </summary>
    internal static string SearchByDateSql(ItemFilter filter, bool hasCursor, bool jurisdictionPerMatch = false)
    {
        var where = new List<string> { "items_fts MATCH @Match", "i.id = f.rowid", "s.id = i.source_id" };
        where.AddRange(ItemQueries.DateConditions(filter, "i.published_at", "i.id", hasCursor));
        where.AddRange(PerMatchConditions(jurisdictionPerMatch, "i.id"));
        return $"""
            SELECT {ItemQueries.Columns} FROM items_fts f CROSS JOIN items i CROSS JOIN sources s
            WHERE {string.Join(" AND ", where)}
            ORDER BY i.published_at DESC, i.id DESC LIMIT @Limit
            """;
    }

    /// <summary>
    /// Ranked hits as (id, score), best first. FTS5 has no top-k ranking: bm25 costs a little for every
    /// match, so a very common word would rank hundreds of thousands of rows. The ranking therefore
    /// takes the newest @RankedMatches matches of the filter (FTS5 walks them in rowid
    /// order, newest stored first) and orders those by bm25; below that many matches it is exact.
    /// Ties go to the newest stored item (higher id). The filters other than dates are inside @Match or
    /// checked per match from a tag index (<see cref="SearchPlan"/>), so no items row is read unless a date range needs one.
    /// </summary>
    internal static string SearchByRelevanceSql(ItemFilter filter, bool hasCursor, bool jurisdictionPerMatch = false)
    {
        var needsItemRow = filter.From is not null || filter.To is not null;
        // Items stored after the search began stay out of its ranking (see RelevanceCursor).
        var where = new List<string> { "items_fts MATCH @Match", "f.rowid <= @NewestId" };
        if (needsItemRow) where.Add("i.id = f.rowid");
        where.AddRange(ItemQueries.DateConditions(filter, "i.published_at", "f.rowid", hasCursor: false));
        where.AddRange(PerMatchConditions(jurisdictionPerMatch, "f.rowid"));
        var matches = $"""
            SELECT f.rowid AS id, {Bm25} AS score
            FROM items_fts f {(needsItemRow ? "CROSS JOIN items i" : "")}
            WHERE {string.Join(" AND ", where)}
            ORDER BY f.rowid DESC LIMIT @RankedMatches
            """;
        if (!hasCursor) return $"SELECT h.id, h.score FROM ({matches}) h ORDER BY h.score, h.id DESC LIMIT @Limit";
        // A next page continues after the last hit as it ranks now, not after its old score: scores drift as
        // items arrive (bm25 uses the index's statistics), the order barely does. Its score now is read from
        // the ranked matches, kept for the query (MATERIALIZED) so bm25 runs once per match.
        return $"""
            WITH h AS MATERIALIZED ({matches}),
                 boundary AS (SELECT coalesce((SELECT score FROM h WHERE id = @AfterId), @AfterScore) AS score)
            SELECT h.id, h.score FROM h, boundary b
            WHERE h.score > b.score OR (h.score = b.score AND h.id < @AfterId)
            ORDER BY h.score, h.id DESC LIMIT @Limit
            """;
    }

    /// <summary>A broad jurisdiction is checked per match (<see cref="SearchPlan"/>); the other filters are in @Match.</summary>
    private static IEnumerable<string> PerMatchConditions(bool jurisdictionPerMatch, string id) =>
        jurisdictionPerMatch
            ? [ItemFilterSql.Jurisdictions.Exists(id)]
            : [];
}
