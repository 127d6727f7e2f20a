using Dapper;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Storage.Postgres.Search;

/// <summary>One hit of a search page: the item's id, and its snippet (HTML-safe, matches in &lt;mark&gt;) when asked for.</summary>
public sealed record PostgresSearchHit(long Id, string? Snippet);

/// <summary>One page of a search's hits in order, and the cursor for the next page (null at the end).</summary>
public sealed record PostgresSearchPage(IReadOnlyList<PostgresSearchHit> Hits, string? Next);

/// <summary>
/// Search on PostgreSQL, natively: the site's query syntax as a tsquery (<see cref="TsQueryTranslator"/>) with the
/// view's filters inside it (<see cref="TsQueryFilters"/>), matched by the GIN index on <c>items.search_vector</c>;
/// ranked by <c>ts_rank</c> with SQLite's weights, or by date; snippets from <c>ts_headline</c> for the hits shown
/// (<see cref="Headline"/>). The same pages, in the same order, with the same cursors as SQLite's
/// <see cref="ItemQueries.PageAsync(ItemFilter, string?, int, bool, CancellationToken)"/> gives for a search; the
/// PostgreSQL store of items lists what it returns (and adds each item's columns and tags).
/// </summary>
public sealed class PostgresSearch(PostgresDatabase database)
{
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

    /// <summary>
    /// How many of a search's newest matches are ranked by relevance, as <see cref="ItemQueries.RankedMatches"/> (20,000
    /// on SQLite). Fewer here: ts_rank reads each match's whole search vector, which PostgreSQL keeps in TOAST, about
    /// 4 µs a match at a million items on the benchmark machine (bm25 in FTS5 reads the match's positions from the index).
    /// </summary>
    public int RankedMatches { get; init; } = 2_000;

    /// <summary>
    /// How many of the newest items the first step of a ranking walks (<see cref="RankedMatches"/> times this), looking
    /// for its matches; a search with fewer matches among them goes to the GIN index (see <see cref="NewestMatchesAsync"/>).
    /// </summary>
    public int WalkFactor { get; init; } = 10;

    /// <summary>
    /// One page of the search <see cref="ItemFilter.Q"/> within the filter, continuing after <paramref name="cursor"/>:
    /// best match first (ties newest stored first, among the newest <see cref="RankedMatches"/> matches), or newest
    /// first with <see cref="ItemOrder.Date"/>.
    /// </summary>
    /// <exception cref="InvalidSearchException">The search text cannot be read.</exception>
    /// <exception cref="InvalidCursorException">The cursor was not made for this order.</exception>
    public async Task<PostgresSearchPage> PageAsync(ItemFilter filter, string? cursor, int limit, bool withSnippets = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (string.IsNullOrWhiteSpace(filter.Q)) throw new ArgumentException("a search needs its text (ItemFilter.Q)", nameof(filter));
        var query = TsQueryTranslator.Translate(filter.Q);
        var byRelevance = filter.Order == ItemOrder.Relevance;
        var afterHit = byRelevance && cursor is not null ? RelevanceCursor.Parse(cursor) : null;
        var afterItem = !byRelevance && cursor is not null ? DateCursor.Parse(cursor) : null;

        await using var connection = await database.OpenAsync(cancellationToken);
        // A transaction, only so that planner settings (see NormaliseSql, NewestMatchesAsync) last for this search alone.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var normalised = await connection.QuerySingleAsync<Normalised>(new CommandDefinition(NormaliseSql, new
        {
            Match = TsQueryFilters.Within(query.Text, filter), query.Text, query.Wanted, query.Locators,
        }, transaction, cancellationToken: cancellationToken));
        if (!normalised.Searchable) return new PostgresSearchPage([], null);

        var parameters = new DynamicParameters();
        parameters.Add("Match", normalised.Match);
        parameters.Add("Wanted", normalised.Wanted);
        parameters.Add("From", filter.From is { } from ? UtcTimestamp.ToText(from) : null);
        parameters.Add("To", filter.To is { } to ? UtcTimestamp.ToText(to) : null);
        parameters.Add("Limit", limit + 1);
        TsQueryFilters.AddParameters(parameters, filter);
        if (withSnippets)
        {
            parameters.Add("Shown", limit);
            parameters.Add("Locators", normalised.Locators);
            parameters.Add("Options", Headline.Options);
            parameters.Add("Hide", Headline.TranslateFrom);
            parameters.Add("StandIns", Headline.TranslateTo);
        }
        var newestId = afterHit?.NewestId ?? normalised.NewestId;
        string sql;
        if (byRelevance)
        {
            parameters.Add("NewestId", newestId);
            parameters.Add("RankedMatches", RankedMatches);
            parameters.Add("Walk", (long)RankedMatches * WalkFactor);
            parameters.Add("Candidates", await NewestMatchesAsync(connection, transaction, filter, parameters, newestId, cancellationToken));
            parameters.Add("AfterId", afterHit?.Id);
            parameters.Add("AfterScore", afterHit?.Score);
            sql = ByRelevanceSql(afterHit is not null, withSnippets);
        }
        else
        {
            parameters.Add("AfterAt", afterItem is null ? null : UtcTimestamp.ToText(afterItem.PublishedAt));
            parameters.Add("AfterId", afterItem?.Id);
            sql = ByDateSql(filter, afterItem is not null, withSnippets);
        }

        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))).AsList();
        await transaction.CommitAsync(cancellationToken);
        string? next = null;
        if (rows.Count > limit)
        {
            var last = rows[limit - 1];
            next = byRelevance
                ? RelevanceCursor.Format(last.Score!.Value, last.Id, newestId)
                : DateCursor.Format(new DateTimeOffset(DateTime.SpecifyKind(last.PublishedAt!.Value, DateTimeKind.Utc)), last.Id);
            rows.RemoveAt(limit);
        }
        return new PostgresSearchPage(rows.Select(r => new PostgresSearchHit(r.Id,
            withSnippets ? Headline.ToHtml(r.Answer, r.Passage, r.StartsField == true, r.EndsField == true) : null)).ToList(), next);
    }

    /// <summary>
    /// The search's tsqueries as PostgreSQL normalises them (the words through the configuration), sent back with the
    /// page's query as <c>tsquery</c> values: so the planner sees the words (and estimates from the index's
    /// statistics how many items hold them: walk the date index, or sort the matches?) and no row parses them again.
    /// Also whether anything is left to look up (<see cref="Normalised.Searchable"/>), the words snippets look for
    /// first, and the newest item id a ranking starts from.
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
               to_tsquery('policywatch', @Match)::text AS Match, to_tsquery('policywatch', @Wanted)::text AS Wanted,
               querytree(to_tsquery('policywatch', @Text)) NOT IN ('T', '') AS Searchable,
               tsvector_to_array(to_tsvector('policywatch', @Locators)) || string_to_array(lower(@Locators), ' ') AS Locators,
               (SELECT coalesce(max(id), 0) FROM items) AS NewestId
        """;

    /// <summary>
    /// What <see cref="NormaliseSql"/> gives. Not <see cref="Searchable"/>: every word looked for was one to_tsquery
    /// drops (an HTML tag, a word of over 2,047 bytes), so at most a NOT is left, which the index cannot look up: that
    /// search matches nothing, where PostgreSQL would otherwise check every item.
    /// </summary>
    private sealed class Normalised
    {
        public string Match { get; init; } = "";
        public string Wanted { get; init; } = "";
        public bool Searchable { get; init; }
        public string[] Locators { get; init; } = [];
        public long NewestId { get; init; }
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public double? Score { get; init; }
        public DateTime? PublishedAt { get; init; }
        public string? Answer { get; init; }
        public string? Passage { get; init; }
        public bool? StartsField { get; init; }
        public bool? EndsField { get; init; }
    }

    /// <summary>
    /// The search's conditions on an item <c>i</c>: the words and filters in the index, what makes the filters exact
    /// (<see cref="TsQueryFilters.Checks"/>) and the dates per match, on the row's own columns.
    /// </summary>
    private static IEnumerable<string> Conditions(ItemFilter filter)
    {
        yield return "i.search_vector @@ @Match::tsquery";
        foreach (var check in TsQueryFilters.Checks(filter)) yield return check;
        if (filter.From is not null) yield return "i.published_at >= @From::timestamptz";
        if (filter.To is not null) yield return "i.published_at < @To::timestamptz";
    }

    /// <summary>
    /// The ids of the newest <see cref="RankedMatches"/> matches (newest stored first, up to <c>@NewestId</c>), in steps
    /// whose cost is bounded, where the planner (see <see cref="NormaliseSql"/>) misjudges it:
    /// <list type="number">
    /// <item>when the planner expects at least one item in <see cref="WalkFactor"/> to match: walk the newest
    /// <c>RankedMatches × WalkFactor</c> items by id, checking each, at about 3 µs an item (a common word's 2,000
    /// newest matches at a million items: 25 ms). Looking a common word up in GIN costs more than that before the
    /// first row is read (45 ms to gather "encryption"'s 280,000 matches) and then a heap visit per match;</item>
    /// <item>otherwise, or when the walk found too few (the estimate was wrong): look the matches up in the GIN index,
    /// index walks off for the rest of the search, at about a microsecond a match.</item>
    /// </list>
    /// A search whose words and filters the GIN index answers alone reads no search vector in step 2; one with a
    /// phrase or a word kept to the text's weights reads every candidate's.
    /// </summary>
    private async Task<long[]> NewestMatchesAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, ItemFilter filter,
        DynamicParameters parameters, long newestId, CancellationToken cancellationToken)
    {
        var walk = (long)RankedMatches * WalkFactor;
        if (await ExpectedMatchesAsync(connection, transaction, filter, parameters, cancellationToken) * WalkFactor >= newestId)
        {
            var walked = (await connection.QueryAsync<long>(new CommandDefinition(
                WalkSql(filter), parameters, transaction, cancellationToken: cancellationToken))).ToArray();
            if (walked.Length >= RankedMatches || newestId <= walk) return walked;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT set_config('enable_indexscan', 'off', true)", transaction: transaction, cancellationToken: cancellationToken));
        return (await connection.QueryAsync<long>(new CommandDefinition(
            LookUpSql(filter), parameters, transaction, cancellationToken: cancellationToken))).ToArray();
    }

    /// <summary>How many items the planner expects to match: its estimate for the GIN lookup, from the index's statistics (no row is read).</summary>
    private static async Task<double> ExpectedMatchesAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, ItemFilter filter,
        DynamicParameters parameters, CancellationToken cancellationToken)
    {
        var plan = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            $"EXPLAIN (FORMAT JSON) SELECT 1 FROM items i WHERE {string.Join(" AND ", Conditions(filter))}",
            parameters, transaction, cancellationToken: cancellationToken));
        using var json = System.Text.Json.JsonDocument.Parse(plan!);
        return json.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }

    /// <summary>Step 1: the matches among the newest @Walk items (the inner LIMIT bounds what is read, whatever the planner thinks).</summary>
    internal static string WalkSql(ItemFilter filter) =>
        $"""
        SELECT i.id FROM (
            SELECT id, search_vector, tag_tokens, source_id, kind, published_at FROM items
            WHERE id <= @NewestId ORDER BY id DESC LIMIT @Walk
        ) i
        WHERE {string.Join(" AND ", Conditions(filter))}
        ORDER BY i.id DESC LIMIT @RankedMatches
        """;

    /// <summary>Step 2: the newest matches of all, looked up in the GIN index.</summary>
    internal static string LookUpSql(ItemFilter filter) =>
        $"""
        SELECT i.id FROM items i
        WHERE {string.Join(" AND ", Conditions(filter))} AND i.id <= @NewestId
        ORDER BY i.id DESC LIMIT @RankedMatches
        """;

    /// <summary>
    /// Ranked hits: ts_rank of the words looked for, as a negative score, best lowest, as SQLite's bm25, so a relevance
    /// cursor reads the same on both. As on SQLite, only the newest <see cref="RankedMatches"/> matches (by id: newest
    /// stored first; <c>@Candidates</c>, from <see cref="NewestMatchesAsync"/>) are ranked, since ranking reads each
    /// match's whole vector. Below that many matches the ranking is exact. Ties go to the newest stored item. Items
    /// stored after the search began stay out (<see cref="RelevanceCursor"/>).
    /// </summary>
    internal static string ByRelevanceSql(bool hasCursor, bool withSnippets)
    {
        // A next page continues after the last hit as it ranks now (its score looked up again among the ranked
        // matches), or after its old score when it is gone: as SQLite's.
        var (boundary, after) = hasCursor
            ? (",\n    boundary AS (SELECT coalesce((SELECT score FROM matches WHERE id = @AfterId), @AfterScore) AS score)",
               ", boundary b WHERE m.score > b.score OR (m.score = b.score AND m.id < @AfterId)")
            : ("", "");
        return $"""
            WITH matches AS MATERIALIZED (
                SELECT i.id, -ts_rank({Weights}, i.search_vector, @Wanted::tsquery)::float8 AS score
                FROM items i WHERE i.id = ANY(@Candidates::bigint[])
            ){boundary},
            hits AS MATERIALIZED (
                SELECT id, score, NULL::timestamptz AS published_at, row_number() OVER (ORDER BY score, id DESC) AS n
                FROM (SELECT m.id, m.score FROM matches m{after} ORDER BY m.score, m.id DESC LIMIT @Limit) page
            )
            {Page(withSnippets)}
            """;
    }

    /// <summary>Hits newest first: the planner walks the date index checking each item, or sorts the matches, by what it expects.</summary>
    internal static string ByDateSql(ItemFilter filter, bool hasCursor, bool withSnippets)
    {
        var conditions = Conditions(filter).ToList();
        if (hasCursor) conditions.Add("(i.published_at, i.id) < (@AfterAt::timestamptz, @AfterId)");
        return $"""
            WITH hits AS MATERIALIZED (
                SELECT id, NULL::float8 AS score, published_at, row_number() OVER (ORDER BY published_at DESC, id DESC) AS n
                FROM (
                    SELECT i.id, i.published_at FROM items i
                    WHERE {string.Join(" AND ", conditions)}
                    ORDER BY i.published_at DESC, i.id DESC LIMIT @Limit
                ) page
            )
            {Page(withSnippets)}
            """;
    }

    /// <summary>The page's hits in order, with a snippet for each of the first @Shown (not the one that only tells there is a next page).</summary>
    private static string Page(bool withSnippets) => withSnippets
        ? $"""
          SELECT h.id AS Id, h.score AS Score, h.published_at AS PublishedAt,
                 s.answer AS Answer, s.passage AS Passage, s.starts_field AS StartsField, s.ends_field AS EndsField
          FROM hits h LEFT JOIN LATERAL ({SnippetSql}) s ON true
          ORDER BY h.n
          """
        : "SELECT h.id AS Id, h.score AS Score, h.published_at AS PublishedAt FROM hits h ORDER BY h.n";

    /// <summary>
    /// One hit's snippet (for <see cref="Headline.ToHtml"/>): ts_headline over a passage of the field that holds the
    /// words best. The field: the one whose part of the search vector ranks highest for the words (title, summary,
    /// archived text; on a tie the first, so the title, as SQLite's snippet prefers it), up to what the vector indexes
    /// of it. The passage: the field's first <see cref="Headline.PassageLength"/> characters, or in a longer field,
    /// from a little before the first place one of the first words looked for appears (as stemmed, or as typed, in
    /// lower case or capitalized; found with strpos, no parsing); ts_headline then centres its 24 words on the best
    /// cover of the words in it.
    /// </summary>
    private static readonly string SnippetSql =
        $"""
        SELECT left(ts_headline('policywatch', x.passage, @Wanted::tsquery, @Options), {Headline.MaxAnswerLength}) AS answer,
               x.passage, w.start = 1 AS starts_field, length(p.piece) <= {Headline.PassageLength} AS ends_field
        FROM items i
        CROSS JOIN LATERAL (
            SELECT ts_rank({TitleOnly}, i.search_vector, @Wanted::tsquery) AS title,
                   ts_rank({SummaryOnly}, i.search_vector, @Wanted::tsquery) AS summary,
                   ts_rank({ArchivedOnly}, i.search_vector, @Wanted::tsquery) AS archived
        ) r
        CROSS JOIN LATERAL (
            SELECT CASE WHEN r.title >= greatest(r.summary, r.archived) THEN left(i.title, {IndexedTitle})
                        WHEN r.summary >= r.archived THEN left(i.summary_text, {IndexedSummary})
                        ELSE left(i.archived_text, {IndexedArchivedText}) END AS field
        ) f
        CROSS JOIN LATERAL (
            SELECT CASE WHEN length(f.field) <= {Headline.PassageLength} THEN 1
                        ELSE greatest(1, coalesce((
                            SELECT min(nullif(strpos(f.field, l2.word), 0))
                            FROM unnest(@Locators::text[]) l(lexeme)
                            CROSS JOIN LATERAL (VALUES (l.lexeme), (initcap(l.lexeme))) l2(word)
                            WHERE l.lexeme <> ''
                        ), 1) - {Headline.PassageLead}) END AS start
        ) w
        CROSS JOIN LATERAL (SELECT substr(f.field, w.start, {Headline.PassageLength} + 1) AS piece) p
        CROSS JOIN LATERAL (SELECT translate(left(p.piece, {Headline.PassageLength}), @Hide, @StandIns) AS passage) x
        WHERE i.id = h.id AND h.n <= @Shown
        """;
}
