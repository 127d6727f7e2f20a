using System.Data.Common;
using Dapper;
using Npgsql;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Storage.Postgres.Search;

/// <summary>
/// A search on PostgreSQL, natively: the site's query syntax as a tsquery (<see cref="TsQueryTranslator"/>) with the
/// view's filters inside it (<see cref="TsQueryFilters"/>), matched by the GIN index on <c>items.search_vector</c>;
/// ranked by <c>ts_rank</c> with SQLite's weights, or by date; snippets from <c>ts_headline</c> for the hits shown
/// (<see cref="Headline"/>). <see cref="ItemQueries"/> pages through it as through SQLite's (<see cref="ItemSearch"/>),
/// so the pages, their order, their cursors and the stories shown are the same.
/// </summary>
/// <remarks>
/// A search runs in a transaction of its own on the page's connection, only so that the planner settings it makes (see
/// <see cref="NormaliseSql"/>, <see cref="NewestMatchesAsync"/>) last for this search alone. An error PostgreSQL
/// raises over the search's text (a phrase too deep for its recursion, a character it cannot take) is refused as an
/// <see cref="InvalidSearchException"/> in words, never passed on as the database's.
/// </remarks>
internal sealed class PostgresSearch : ItemSearch
{
    /// <summary>
    /// How many of a search's newest matches are ranked by relevance, unless <see cref="ItemQueries.RankedMatches"/>
    /// says otherwise (20,000 on SQLite). Fewer here: ts_rank reads each match's whole search vector, which PostgreSQL
    /// keeps in TOAST, about 4 µs a match at a million items on the benchmark machine (bm25 in FTS5 reads the match's
    /// positions from the index).
    /// </summary>
    public const int DefaultRankedMatches = 2_000;

    /// <summary>
    /// ts_rank's weights for D, C, B, A: filter tokens 0, archived text 0.1, summary 0.4, title 1; SQLite's pw_rank
    /// weights (0, 1, 4, 10) over ten.
    /// </summary>
    internal const string Weights = "'{0, 0.1, 0.4, 1}'";

    /// <summary>ts_rank's weights that see one field only: how well the title, the summary or the archived text holds the words.</summary>
    private const string TitleOnly = "'{0, 0, 0, 1}'", SummaryOnly = "'{0, 0, 1, 0}'", ArchivedOnly = "'{0, 1, 0, 0}'";

    /// <summary>
    /// How much of each field <c>items.search_vector</c> indexes (<see cref="PostgresSchema"/>): a snippet looks no
    /// further, since no match lies beyond. A test reads them back from the schema.
    /// </summary>
    internal const int IndexedTitle = 2_000, IndexedSummary = 65_536, IndexedArchivedText = PostgresSchema.IndexedArchivedText;

    private readonly ItemFilter _filter;
    private readonly TsQuery _query;
    private readonly int _rankedMatches;
    private readonly int _walkFactor;
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;
    private Normalised? _normalised;
    private (long NewestId, List<RankedHit> Hits)? _candidates;

    /// <param name="rankedMatches">How many of the newest matches are ranked (<see cref="DefaultRankedMatches"/>).</param>
    /// <param name="walkFactor">
    /// How many of the newest items the first step of a ranking walks (<paramref name="rankedMatches"/> times this),
    /// looking for its matches; a search with fewer matches among them goes to the GIN index (see <see cref="NewestMatchesAsync"/>).
    /// </param>
    /// <exception cref="InvalidSearchException">The search text cannot be read.</exception>
    public PostgresSearch(ItemFilter filter, int rankedMatches, int walkFactor)
    {
        _filter = filter;
        _query = TsQueryTranslator.Translate(filter.Q ?? "");
        _rankedMatches = rankedMatches;
        _walkFactor = walkFactor;
    }

    private NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("the search has not begun");

    private Normalised Query => _normalised ?? throw new InvalidOperationException("the search has not begun");

    public override async Task BeginAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        _connection = (NpgsqlConnection)connection;
        _transaction = await _connection.BeginTransactionAsync(cancellationToken);
        _normalised = await RefusedInWordsAsync(() => Connection.QuerySingleAsync<Normalised>(new CommandDefinition(NormaliseSql, new
        {
            Match = TsQueryFilters.Within(_query.Text, _filter), _query.Text, _query.Wanted, _query.Locators,
        }, _transaction, cancellationToken: cancellationToken)));
    }

    public override async ValueTask DisposeAsync()
    {
        // Nothing was written: ending the transaction either way only drops its settings.
        if (_transaction is not null) await _transaction.DisposeAsync();
    }

    /// <summary>The filter's and the search's parameters, and the rows wanted.</summary>
    private DynamicParameters Parameters(int limit)
    {
        var parameters = new DynamicParameters();
        parameters.Add("Match", Query.Match);
        parameters.Add("Pairs", Query.Pairs);
        parameters.Add("Wanted", Query.Wanted);
        parameters.Add("From", _filter.From);
        parameters.Add("To", _filter.To);
        parameters.Add("Limit", limit);
        TsQueryFilters.AddParameters(parameters, _filter);
        return parameters;
    }

    public override async Task<List<RankedHit>> RankedAsync(RelevanceCursor? after, long newestId, int limit, CancellationToken cancellationToken)
    {
        if (!Query.Searchable) return [];
        var parameters = Parameters(limit);
        parameters.Add("NewestId", newestId);
        parameters.Add("RankedMatches", _rankedMatches);
        parameters.Add("Walk", (long)_rankedMatches * _walkFactor);
        // The same candidates however many hits are asked for (stories' followers may make ItemQueries ask again).
        if (_candidates?.NewestId != newestId) _candidates = (newestId, await NewestMatchesAsync(parameters, newestId, cancellationToken));
        return RankedPage(_candidates.Value.Hits, after, limit);
    }

    /// <summary>
    /// A page of the ranked candidates, best (lowest score) first, ties to the newest stored. A next page continues
    /// after the last hit as it ranks now (its score among the candidates), or after its old score when it is gone:
    /// as SQLite's.
    /// </summary>
    internal static List<RankedHit> RankedPage(IReadOnlyList<RankedHit> candidates, RelevanceCursor? after, int limit)
    {
        IEnumerable<RankedHit> hits = candidates;
        if (after is not null)
        {
            var boundary = candidates.Where(h => h.Id == after.Id).Select(h => (double?)h.Score).FirstOrDefault() ?? after.Score;
            hits = hits.Where(h => h.Score > boundary || (h.Score == boundary && h.Id < after.Id));
        }
        return hits.OrderBy(h => h.Score).ThenByDescending(h => h.Id).Take(limit).ToList();
    }

    public override async Task<List<TimelineItem>> ByDateAsync(DateCursor? after, int limit, CancellationToken cancellationToken)
    {
        if (!Query.Searchable) return [];
        var parameters = Parameters(limit);
        parameters.Add("AfterAt", after?.PublishedAt);
        parameters.Add("AfterId", after?.Id);
        return (await RefusedInWordsAsync(() => Connection.QueryAsync<TimelineItem>(new CommandDefinition(
            ByDateSql(_filter, after is not null), parameters, _transaction, cancellationToken: cancellationToken)))).AsList();
    }

    public override async Task<HashSet<long>> MatchingAsync(long[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0 || !Query.Searchable) return [];
        return (await RefusedInWordsAsync(() => Connection.QueryAsync<long>(new CommandDefinition(
            "SELECT i.id FROM items i WHERE i.id = ANY(@Ids) AND i.search_vector @@ @Text::tsquery",
            new { Ids = ids, Query.Text }, _transaction, cancellationToken: cancellationToken)))).ToHashSet();
    }

    public override async Task<IReadOnlyDictionary<long, string?>> SnippetsAsync(long[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0 || !Query.Searchable) return new Dictionary<long, string?>();
        var rows = await RefusedInWordsAsync(() => Connection.QueryAsync<Snippet>(new CommandDefinition(SnippetsSql, new
        {
            Ids = ids, Query.Wanted, Query.Locators, Options = Headline.Options, Hide = Headline.TranslateFrom, StandIns = Headline.TranslateTo,
        }, _transaction, cancellationToken: cancellationToken)));
        return rows.ToDictionary(r => r.Id, r => Headline.ToHtml(r.Answer, r.Passage, r.StartsField == true, r.EndsField == true));
    }

    /// <summary>
    /// Runs a statement that evaluates the search, refusing in words what PostgreSQL refuses over the search itself:
    /// a program limit (class 54: a phrase or expression too deep for its recursion) or data it cannot take (class 22).
    /// A cancellation (57014) and anything else go on as they are.
    /// </summary>
    private static async Task<T> RefusedInWordsAsync<T>(Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("54", StringComparison.Ordinal))
        {
            throw new InvalidSearchException("this search is too complex to run: use fewer or shorter words and phrases");
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            throw new InvalidSearchException("this search holds characters that cannot be searched for: remove them and try again");
        }
    }

    /// <summary>
    /// The search's tsqueries as PostgreSQL normalises them (the words through the configuration), sent back with the
    /// page's query as <c>tsquery</c> values: so the planner sees the words (and estimates from the index's
    /// statistics how many items hold them: walk the date index, or sort the matches?) and no row parses them again.
    /// Also the words alone (<see cref="Normalised.Text"/>, for stories' fellow members), whether anything is left to
    /// look up (<see cref="Normalised.Searchable"/>), and the words snippets look for first.
    /// </summary>
    /// <remarks>
    /// It also turns sequential scans off for the rest of the search's transaction. The planner counts checking a
    /// row's search vector as one cheap operator, but the vector lives in TOAST: reading it costs about as much as
    /// reading a page. So it would read all of a million items (2.6 s here) for a common word rather than look it up
    /// in the GIN index, or walk an index of the newest items, which is what a search always wants.
    /// </remarks>
    private const string NormaliseSql =
        """
        SELECT set_config('enable_seqscan', 'off', true) AS Settings,
               to_tsquery('policywatch', @Match)::text AS Match, to_tsquery('policywatch', @Text)::text AS Text,
               to_tsquery('policywatch', @Wanted)::text AS Wanted,
               querytree(to_tsquery('policywatch', @Text)) NOT IN ('T', '') AS Searchable,
               tsvector_to_array(to_tsvector('policywatch', @Locators)) || string_to_array(lower(@Locators), ' ') AS Locators
        """;

    /// <summary>
    /// What <see cref="NormaliseSql"/> gives. Not <see cref="Searchable"/>: every word looked for was one to_tsquery
    /// drops (an HTML tag, a word of over 2,047 bytes), so at most a NOT is left, which the index cannot look up: that
    /// search matches nothing, where PostgreSQL would otherwise check every item.
    /// </summary>
    private sealed class Normalised
    {
        public string Match { get; init; } = "";
        public string Text { get; init; } = "";
        public string Wanted { get; init; } = "";
        public bool Searchable { get; init; }
        public string[] Locators { get; init; } = [];

        /// <summary>The word pairs <see cref="Match"/> requires (<see cref="WordPairs"/>), or null; read from it once.</summary>
        public string? Pairs => (_pairs ??= new Lazy<string?>(() => WordPairs.Of(Match))).Value;

        private Lazy<string?>? _pairs;
    }

    private sealed class Snippet
    {
        public long Id { get; init; }
        public string? Answer { get; init; }
        public string? Passage { get; init; }
        public bool? StartsField { get; init; }
        public bool? EndsField { get; init; }
    }

    /// <summary>
    /// The search's conditions on an item <c>i</c>: the words and filters in the index, what makes the filters exact
    /// (<see cref="TsQueryFilters.Checks"/>) and the dates per match, on the row's own columns.
    /// </summary>
    /// <remarks>The match comes first (<see cref="PairConditions"/> replaces it).</remarks>
    private static IEnumerable<string> Conditions(ItemFilter filter)
    {
        yield return "i.search_vector @@ @Match::tsquery";
        foreach (var check in TsQueryFilters.Checks(filter)) yield return check;
        if (filter.From is not null) yield return "i.published_at >= @From::timestamptz";
        if (filter.To is not null) yield return "i.published_at < @To::timestamptz";
    }

    /// <summary>
    /// The ids of the newest @RankedMatches matches (newest stored first, up to <c>@NewestId</c>), in steps
    /// whose cost is bounded, where the planner (see <see cref="NormaliseSql"/>) misjudges it:
    /// <list type="number">
    /// <item>when the planner expects at least one item in the walk factor (<see cref="ItemQueries.WalkFactor"/>) to match: walk the newest
    /// <c>RankedMatches × WalkFactor</c> items by id, checking each, at about 3 µs an item (a common word's 2,000
    /// newest matches at a million items: 25 ms). Looking a common word up in GIN costs more than that before the
    /// first row is read (45 ms to gather "encryption"'s 280,000 matches) and then a heap visit per match;</item>
    /// <item>otherwise, or when the walk found too few (the estimate was wrong): look the matches up in the GIN index,
    /// index walks off for the look-up, at about a microsecond a match.</item>
    /// </list>
    /// A search whose words and filters the GIN index answers alone reads no search vector in step 2; one with a
    /// phrase or a word kept to the text's weights reads every candidate's.
    /// </summary>
    private async Task<List<RankedHit>> NewestMatchesAsync(DynamicParameters parameters, long newestId, CancellationToken cancellationToken)
    {
        var walk = (long)_rankedMatches * _walkFactor;
        if (await ExpectedMatchesAsync(parameters, cancellationToken) * _walkFactor >= newestId)
        {
            var walked = await CandidatesAsync(WalkSql(_filter), parameters, cancellationToken);
            if (walked.Count >= _rankedMatches || newestId <= walk) return walked;
        }
        // Index walks off for the look-up alone: the statements after it (the items' columns and tags) read rows by their keys.
        await SetAsync("enable_indexscan", "off", cancellationToken);
        var found = await CandidatesAsync(LookUpSql(_filter, Query.Pairs is not null), parameters, cancellationToken);
        await SetAsync("enable_indexscan", "on", cancellationToken);
        return found;
    }

    private async Task<List<RankedHit>> CandidatesAsync(string sql, DynamicParameters parameters, CancellationToken cancellationToken) =>
        (await RefusedInWordsAsync(() => Connection.QueryAsync<(long Id, double Score)>(new CommandDefinition(
            sql, parameters, _transaction, cancellationToken: cancellationToken)))).Select(h => new RankedHit(h.Id, h.Score)).ToList();

    /// <summary>A planner setting for the rest of the search's transaction.</summary>
    private Task SetAsync(string setting, string value, CancellationToken cancellationToken) =>
        Connection.ExecuteAsync(new CommandDefinition(
            "SELECT set_config(@Setting, @Value, true)", new { Setting = setting, Value = value }, _transaction, cancellationToken: cancellationToken));

    /// <summary>How many items the planner expects to match: its estimate for the GIN lookup, from the index's statistics (no row is read).</summary>
    private async Task<double> ExpectedMatchesAsync(DynamicParameters parameters, CancellationToken cancellationToken)
    {
        var plan = await RefusedInWordsAsync(() => Connection.ExecuteScalarAsync<string>(new CommandDefinition(
            $"EXPLAIN (FORMAT JSON) SELECT 1 FROM items i WHERE {string.Join(" AND ", Conditions(_filter))}",
            parameters, _transaction, cancellationToken: cancellationToken)));
        using var json = System.Text.Json.JsonDocument.Parse(plan!);
        return json.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }

    /// <summary>
    /// A candidate's score: ts_rank of the words looked for, negative, best lowest, as SQLite's bm25, so a relevance
    /// cursor reads the same on both. Scored as it is found, while its search vector is at hand: ranking the
    /// candidates afterwards read every vector a second time (about 9 ms for 2,000 at a million items).
    /// </summary>
    private static readonly string Score = $"-ts_rank({Weights}, i.search_vector, @Wanted::tsquery)::float8";

    /// <summary>
    /// Step 1: the matches among the newest @Walk items (the inner LIMIT bounds what is read, whatever the planner
    /// thinks), with their scores. As on SQLite, only the newest @RankedMatches matches (by id: newest stored first)
    /// are ranked, since ranking reads each match's whole vector; below that many the ranking is exact. Items stored
    /// after the search began stay out (<see cref="RelevanceCursor"/>).
    /// </summary>
    internal static string WalkSql(ItemFilter filter) =>
        $"""
        SELECT i.id, {Score} AS score FROM (
            SELECT id, search_vector, tag_tokens, source_id, kind, published_at FROM items
            WHERE id <= @NewestId ORDER BY id DESC LIMIT @Walk
        ) i
        WHERE {string.Join(" AND ", Conditions(filter))}
        ORDER BY i.id DESC LIMIT @RankedMatches
        """;

    /// <summary>
    /// Step 2: the newest matches of all, looked up in the GIN index, with their scores; with <paramref name="pairs"/>,
    /// a search with phrases looks their word pairs up too (<see cref="WordPairs"/>), so only the items holding them
    /// are read to check the phrases. Not in step 1, which checks items one by one: there the pairs would be computed
    /// for each.
    /// </summary>
    internal static string LookUpSql(ItemFilter filter, bool pairs = false) =>
        $"""
        SELECT i.id, {Score} AS score FROM items i
        WHERE {string.Join(" AND ", pairs ? PairConditions(filter) : Conditions(filter))} AND i.id <= @NewestId
        ORDER BY i.id DESC LIMIT @RankedMatches
        """;

    /// <summary>
    /// The conditions of a look-up through the word pairs: the pairs' index hands over the candidates, exactly (a
    /// query of whole lexemes needs no recheck), and each is checked against the search as a filter. The match is
    /// kept out of the search index (<c>IS TRUE</c>): combined with it, PostgreSQL rechecks every candidate against
    /// both conditions, computing its word pairs again (about 0.3 ms an item: 219 ms for "chat control" in the EU at a
    /// million items, 12 ms without).
    /// </summary>
    private static IEnumerable<string> PairConditions(ItemFilter filter) =>
        new[] { "word_pairs(i.search_vector) @@ @Pairs::tsquery", "(i.search_vector @@ @Match::tsquery) IS TRUE" }
            .Concat(Conditions(filter).Skip(1));

    /// <summary>
    /// Matching items newest first, as timelines list them: the planner walks the date index checking each item, or
    /// sorts the matches, by what it expects; then the page's rows are read.
    /// </summary>
    internal static string ByDateSql(ItemFilter filter, bool hasCursor)
    {
        var conditions = Conditions(filter).ToList();
        if (hasCursor) conditions.Add("(i.published_at, i.id) < (@AfterAt::timestamptz, @AfterId)");
        return $"""
            SELECT {ItemQueries.Columns}
            FROM (
                SELECT i.id FROM items i
                WHERE {string.Join(" AND ", conditions)}
                ORDER BY i.published_at DESC, i.id DESC LIMIT @Limit
            ) page CROSS JOIN items i CROSS JOIN sources s
            WHERE i.id = page.id AND s.id = i.source_id
            ORDER BY i.published_at DESC, i.id DESC
            """;
    }

    /// <summary>
    /// Each hit's snippet (for <see cref="Headline.ToHtml"/>), for the hits shown only: ts_headline over a passage of the
    /// field that holds the words best. The field: the one whose part of the search vector ranks highest for the words
    /// (title, summary, archived text; on a tie the first, so the title, as SQLite's snippet prefers it), up to what the
    /// vector indexes of it. The passage: the field's first <see cref="Headline.PassageLength"/> characters, or in a
    /// longer field, from a little before the first place one of the first words looked for appears (as stemmed, or as
    /// typed, in lower case or capitalized; found with strpos, no parsing); ts_headline then centres its 24 words on the
    /// best cover of the words in it. Each step is computed once a row (<c>OFFSET 0</c> keeps the planner from folding a
    /// step into the next, which copied the expression into every place that used it: the field was read, decompressed
    /// and searched four times, a third of the search's time at a million items).
    /// </summary>
    internal static readonly string SnippetsSql =
        $"""
        SELECT i.id AS Id, left(ts_headline('policywatch', x.passage, @Wanted::tsquery, @Options), {Headline.MaxAnswerLength}) AS Answer,
               x.passage AS Passage, w.start = 1 AS StartsField, length(p.piece) <= {Headline.PassageLength} AS EndsField
        FROM items i
        CROSS JOIN LATERAL (
            SELECT ts_rank({TitleOnly}, i.search_vector, @Wanted::tsquery) AS title,
                   ts_rank({SummaryOnly}, i.search_vector, @Wanted::tsquery) AS summary,
                   ts_rank({ArchivedOnly}, i.search_vector, @Wanted::tsquery) AS archived
            OFFSET 0
        ) r
        CROSS JOIN LATERAL (
            SELECT CASE WHEN r.title >= greatest(r.summary, r.archived) THEN left(i.title, {IndexedTitle})
                        WHEN r.summary >= r.archived THEN left(i.summary_text, {IndexedSummary})
                        ELSE left(i.archived_text, {IndexedArchivedText}) END AS field
            OFFSET 0
        ) f
        CROSS JOIN LATERAL (
            SELECT CASE WHEN length(f.field) <= {Headline.PassageLength} THEN 1
                        ELSE greatest(1, coalesce((
                            SELECT min(nullif(strpos(f.field, l2.word), 0))
                            FROM unnest(@Locators::text[]) l(lexeme)
                            CROSS JOIN LATERAL (VALUES (l.lexeme), (initcap(l.lexeme))) l2(word)
                            WHERE l.lexeme <> ''
                        ), 1) - {Headline.PassageLead}) END AS start
            OFFSET 0
        ) w
        CROSS JOIN LATERAL (SELECT substr(f.field, w.start, {Headline.PassageLength} + 1) AS piece) p
        CROSS JOIN LATERAL (SELECT translate(left(p.piece, {Headline.PassageLength}), @Hide, @StandIns) AS passage) x
        WHERE i.id = ANY(@Ids)
        """;
}
