using System.Text;
using System.Text.Json;
using Dapper;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Postgres.Search;
using PolicyWatch.Storage.Search;
using PolicyWatch.Tests.Support.Postgres;

using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>
/// What search does on PostgreSQL alone, or otherwise than on SQLite, run against <see cref="PostgresSearch"/>: a typed
/// search as to_tsquery reads it, filters as tokens checked inside the GIN index and again on the row, the planner's
/// choice between the newest items and the index, ts_headline's snippets and the lengths the search vector indexes,
/// the translator's limits. What both engines do alike is checked by <see cref="SearchTests"/>,
/// <see cref="SearchIndexTests"/> and <see cref="KeysetPagingTests"/>, which the PostgreSQL pass runs on PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestDatabases.Provider, TestDatabases.OwnDatabase)]
public sealed class PostgresSearchTests(PostgresCluster cluster) : IAsyncLifetime
{
    private PostgresStoredItems _store = null!;

    public async Task InitializeAsync() => _store = await PostgresStoredItems.CreateAsync(cluster, nameof(PostgresSearchTests));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [PostgresTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Relevance_ranks_the_newest_matches_whether_the_newest_items_hold_them_or_not(bool matchesAreOld)
    {
        // Half the items match, so the planner expects the walk of the newest 2 × 3 items to find 2 matches. It does
        // when every other item matches; when the matches are old but one, it finds one, and the index finds the rest.
        var matches = new List<long>();
        for (var n = 0; n < 20; n++)
        {
            var matching = matchesAreOld ? n < 9 || n == 17 : n % 2 == 0;
            var id = await _store.AddAsync(matching ? $"Encryption {n}" : $"Weekly {n}");
            if (matching) matches.Add(id);
        }
        await _store.ExecuteAsync("ANALYZE items");
        var search = new ItemQueries(_store.Database) { RankedMatches = 2, WalkFactor = 3 };
        matches.Reverse();

        Assert.Equal(matches.Take(2), (await search.PageAsync(new ItemFilter { Q = "encryption" }, null, 10)).Items.Select(h => h.Id));
        Assert.Equal([[matches[0]], [matches[1]]], await _store.AllPagesAsync(new ItemFilter { Q = "encryption" }, 1, search));
        Assert.Equal(matches, await _store.SearchIdsAsync("encryption"));
    }

    [PostgresFact]
    public async Task A_filter_is_the_items_tag_not_a_word_that_looks_like_its_token()
    {
        var eu = await _store.AddAsync("Chat control vote", jurisdictions: ["eu"], source: "edri");
        var lookalike = await _store.AddAsync("Codes such as jeu0, sedri0 and klegislative0: chat control", source: "other");

        foreach (var order in new[] { ItemOrder.Relevance, ItemOrder.Date })
        {
            Assert.Equal([eu], await _store.SearchIdsAsync("chat", new ItemFilter { Jurisdiction = "eu", Order = order }));
            Assert.Equal([eu], await _store.SearchIdsAsync("chat", new ItemFilter { Source = "edri", Order = order }));
            Assert.Empty(await _store.SearchIdsAsync("chat", new ItemFilter { Kind = ItemKind.Legislative, Order = order }));
            Assert.Equal([lookalike, eu], await _store.SearchIdsAsync("chat", new ItemFilter { Kind = ItemKind.Article, Order = order }));
        }
    }

    [PostgresFact]
    public async Task A_filtered_search_narrows_inside_the_gin_index()
    {
        // Half the items hold the word, few of them are in the UK: the index's answer is already the few.
        await _store.AddAsync("Seed", source: "edri");
        await _store.ExecuteAsync(
            """
            INSERT INTO items (source_id, guid, kind, title, summary_text, tag_tokens, published_at, first_seen_at, last_changed_at, content_hash)
            SELECT 'edri', 'filler-' || n, 'article', 'Encryption story ' || n, 'Ministers spoke about policy number ' || n,
                   CASE WHEN n % 500 = 0 THEN 'juk0' ELSE 'jeu0' END,
                   '2024-01-01'::timestamptz + n * interval '1 minute', '2024-01-01', '2024-01-01', 'h'
            FROM generate_series(1, 3000) n;
            INSERT INTO items (source_id, guid, kind, title, tag_tokens, published_at, first_seen_at, last_changed_at, content_hash)
            SELECT 'edri', 'other-' || n, 'article', 'Weather report ' || n, 'jfr0', '2024-01-01', '2024-01-01', '2024-01-01', 'h'
            FROM generate_series(1, 3000) n;
            """);
        // As autovacuum would: new entries wait in GIN's pending list, which every search reads whole, until a vacuum.
        await _store.ExecuteAsync("VACUUM ANALYZE items");
        var uk = new ItemFilter { Q = "encryption", Jurisdiction = "uk" };

        foreach (var order in new[] { ItemOrder.Relevance, ItemOrder.Date })
        {
            var filter = uk with { Order = order };
            var plan = await ExplainAsync(filter);

            var scan = Assert.Single(QueryPlans.Nodes(plan), n => n.TryGetProperty("Index Name", out var index) && index.GetString() == "items_search");
            Assert.Equal("Bitmap Index Scan", scan.GetProperty("Node Type").GetString());
            // The six UK items holding the word: the filter is inside the index's condition, not checked after it.
            Assert.Equal(6, scan.GetProperty("Actual Rows").GetInt64());
            Assert.Equal(6, (await _store.SearchIdsAsync("encryption", filter)).Count);
        }
    }

    [PostgresFact]
    public async Task A_snippet_never_carries_markup_from_the_text_even_our_own_marks()
    {
        await _store.AddAsync("Statement", $"<mark>x</mark> {SearchSnippet.Open}<img src=x onerror=alert(1)>{SearchSnippet.Close} &amp; encryption \" '");

        var snippet = (await _store.OnlyHitAsync("encryption")).Snippet!;

        Assert.Equal("&lt;mark&gt;x&lt;/mark&gt; &lt;img src=x onerror=alert(1)&gt; &amp;amp; <mark>encryption</mark> &quot; &#39;", snippet);
    }

    [PostgresFact]
    public async Task A_snippet_quotes_the_field_that_holds_the_words_best_and_says_where_text_was_left_out()
    {
        var body = string.Concat(Enumerable.Repeat("The committee met again and discussed the agenda at length. ", 1_000));
        var deep = await _store.AddAsync("Weekly roundup", "A summary without the word.", archived: body + "Then the Technology Notice regime came up. " + body);
        var inTitle = await _store.AddAsync("Encryption under threat", "Ministers debated encryption today.");
        var inSummary = await _store.AddAsync("Weekly roundup", "Ministers debated encryption today.");

        var deepSnippet = (await _store.OnlyHitAsync("\"technology notice\"")).Snippet!;
        Assert.StartsWith("…", deepSnippet);
        Assert.EndsWith("…", deepSnippet);
        Assert.Contains("<mark>Technology</mark> <mark>Notice</mark> regime", deepSnippet);

        var snippets = (await _store.Search.PageAsync(new ItemFilter { Q = "encryption" }, null, 10)).Items.ToDictionary(h => h.Id, h => h.Snippet);
        Assert.Equal("<mark>Encryption</mark> under threat", snippets[inTitle]);
        Assert.Equal("Ministers debated <mark>encryption</mark> today.", snippets[inSummary]);
        Assert.DoesNotContain(deep, snippets.Keys);
    }

    [PostgresFact]
    public async Task A_hostile_row_gives_a_snippet_of_at_most_a_thousand_bytes_of_its_text()
    {
        var word = new string('é', 5_000);
        await _store.AddAsync(string.Concat(Enumerable.Repeat("encryption ", 200)), archived: $"{word} encryption {word}");
        await _store.AddAsync("Roundup", archived: string.Concat(Enumerable.Repeat("encryption ", 90_000)));
        await _store.AddAsync("Roundup", archived: $"{word} scanning {word}");

        foreach (var q in new[] { "encryption", "scanning" })
            foreach (var hit in (await _store.Search.PageAsync(new ItemFilter { Q = q }, null, 10)).Items)
            {
                var text = System.Net.WebUtility.HtmlDecode(hit.Snippet!.Replace("<mark>", "").Replace("</mark>", "")).Trim('…');
                Assert.InRange(Encoding.UTF8.GetByteCount(text), 1, 1_000);
                Assert.Equal(hit.Snippet.Split("<mark>").Length, hit.Snippet.Split("</mark>").Length);
            }
    }

    [PostgresFact]
    public async Task Thousands_of_terms_and_megabytes_of_search_are_refused_or_run_within_the_limits()
    {
        await _store.AddAsync("Some title", "with some words");
        string Words(int count, string separator) => string.Join(separator, Enumerable.Range(0, count).Select(n => $"w{n}"));

        await RunsOrIsRefusedAsync(Words(5_000, " OR "), "at most 50 words");
        await RunsOrIsRefusedAsync(Words(200_000, " "), "at most 50 words");
        await RunsOrIsRefusedAsync("\"" + Words(200_000, " ") + "\"", "at most 2,000 characters");
        await RunsOrIsRefusedAsync("\"" + Words(TsQueryTranslator.MaxPhraseWords + 1, " ") + "\"", $"at most {TsQueryTranslator.MaxPhraseWords} words");
        await RunsOrIsRefusedAsync(string.Join("-", Enumerable.Repeat("ab", TsQueryTranslator.MaxPhraseWords + 1)), $"at most {TsQueryTranslator.MaxPhraseWords} words");
        await RunsOrIsRefusedAsync(new string('a', 1024 * 1024), "at most 2,000 characters");
        await RunsOrIsRefusedAsync(new string('(', 500_000) + "x" + new string(')', 500_000), "nested at most");
        await RunsOrIsRefusedAsync(string.Concat(Enumerable.Repeat("\"\" ", 300_000)) + "x");
        // At the limits it runs: 50 phrases of 64 words, each word at most once in the index.
        var longest = string.Join(" ", Enumerable.Range(0, 50).Select(t => "\"" + string.Join(" ", Enumerable.Range(0, 64).Select(w => $"t{t}w{w}")) + "\""));
        Assert.Empty(await _store.SearchIdsAsync(longest));
        Assert.Empty(await _store.SearchIdsAsync(string.Join(" OR ", Enumerable.Range(0, 50).Select(t => $"x{t}*"))));
    }

    private async Task RunsOrIsRefusedAsync(string q, string? because = null)
    {
        var refusal = await Record.ExceptionAsync(() => _store.Search.PageAsync(new ItemFilter { Q = q }, null, 10));

        if (because is not null) Assert.Contains(because, Assert.IsType<InvalidSearchException>(refusal).Message);
        if (refusal is null) return;
        // Refused as a search a person can fix: the reason in words, not the database's.
        var invalid = Assert.IsType<InvalidSearchException>(refusal);
        Assert.False(string.IsNullOrWhiteSpace(invalid.Message));
        Assert.DoesNotContain("tsquery", invalid.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("postgres", invalid.Message, StringComparison.OrdinalIgnoreCase);
    }

    [PostgresFact]
    public async Task A_search_whose_words_all_fall_away_matches_nothing_and_never_everything()
    {
        await _store.AddAsync("Bold <b>claims</b>", "and apples");
        await _store.AddAsync("Other", "no apples here");

        // "<b>" is an HTML tag to PostgreSQL's parser: no word. What is left, NOT apple, must not list every item.
        Assert.Empty(await _store.SearchIdsAsync("<b> -apple"));
        Assert.Empty(await _store.SearchIdsAsync("<b> -apple", new ItemFilter { Order = ItemOrder.Date }));
        Assert.Equal(2, (await _store.SearchIdsAsync("<b> OR apples")).Count);
    }

    [PostgresTheory]
    [InlineData("\"Chat Control\"", "'chat' <-> 'control'")]
    [InlineData("Encryption", "'encrypt'")]
    [InlineData("décision*", "'decis':*ABC")]
    [InlineData("Überwach*", "'uberwach':*ABC")]
    [InlineData("Encrypt*", "'encrypt':*")]
    [InlineData("\"chat contr\"*", "'chat' <-> 'contr':*")]
    [InlineData("\"client side\"*", "'client':ABC <-> 'side':*ABC")]
    [InlineData("scanning -apple", "'scan' & !'appl'")]
    [InlineData("it's", "'it' <-> 's'")]
    [InlineData("jeu0 OR karti*", "'jeu0':ABC | 'karti':*ABC")]
    [InlineData("to be or not to be", "'to' & 'be' & 'or' & 'not' & 'to' & 'be'")]
    [InlineData("\"to be or not to be\"", "'to' <-> 'be' <-> 'or' <-> 'not' <-> 'to' <-> 'be'")]
    [InlineData("<b> x", "'x'")]
    public async Task PostgreSQL_reads_the_translation_through_the_configuration_as_the_index_was_written(string typed, string normalised)
    {
        await using var connection = await _store.Database.OpenAsync();

        var query = await connection.ExecuteScalarAsync<string>("SELECT to_tsquery('policywatch', @Text)::text", new { TsQueryTranslator.Translate(typed).Text });

        Assert.Equal(normalised, query);
    }

    [PostgresTheory]
    [InlineData("eu")]
    [InlineData("eu-csam-regulation")]
    [InlineData("X-Ray Überwachung")]
    [InlineData("uk_online.safety/act 2023")]
    [InlineData("xx-x")]
    [InlineData("1234")]
    public async Task Filter_tokens_come_out_of_to_tsquery_as_they_went_in(string id)
    {
        await using var connection = await _store.Database.OpenAsync();
        var filter = new ItemFilter { Jurisdiction = id, Dossier = id, Topic = id, Source = id, Kind = ItemKind.Milestone };
        var tokens = new[] { SearchTokens.Jurisdiction, SearchTokens.Dossier, SearchTokens.Topic, SearchTokens.Source }
            .Select(letter => $"'{SearchTokens.Token(letter, id)}'").Append("'kmilestone0'");

        var query = await connection.ExecuteScalarAsync<string>("SELECT to_tsquery('policywatch', @Match)::text", new { Match = TsQueryFilters.Within("'x'", filter) });

        Assert.Equal($"'x' & {string.Join(" & ", tokens)}", query);
    }

    [PostgresFact]
    public async Task The_lengths_snippets_read_are_what_the_search_vector_indexes()
    {
        await using var connection = await _store.Database.OpenAsync();
        var expression = await connection.ExecuteScalarAsync<string>(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'items'::regclass AND a.attname = 'search_vector'");

        Assert.Contains($"COALESCE(title, ''::text), {PostgresSearch.IndexedTitle})", expression);
        Assert.Contains($"COALESCE(summary_text, ''::text), {PostgresSearch.IndexedSummary})", expression);
        Assert.Contains($"COALESCE(archived_text, ''::text), {PostgresSearch.IndexedArchivedText})", expression);
    }

    /// <summary>
    /// The plan of the query that finds a page's matches in the GIN index (by relevance: the second step, when the
    /// newest items hold too few), with the search's tsquery as PostgreSQL normalises it and sequential scans off, as
    /// <see cref="PostgresSearch"/> runs it.
    /// </summary>
    private async Task<JsonElement> ExplainAsync(ItemFilter filter)
    {
        var query = TsQueryTranslator.Translate(filter.Q!);
        var sql = filter.Order == ItemOrder.Relevance
            ? PostgresSearch.LookUpSql(filter)
            : PostgresSearch.ByDateSql(filter, hasCursor: false);
        await using var connection = await _store.Database.OpenAsync();
        var (match, wanted) = await connection.QuerySingleAsync<(string, string)>(
            "SELECT to_tsquery('policywatch', @Match)::text, to_tsquery('policywatch', @Wanted)::text",
            new { Match = TsQueryFilters.Within(query.Text, filter), query.Wanted });
        var parameters = new DynamicParameters(new
        {
            Match = match, Wanted = wanted, From = (string?)null, To = (string?)null, Limit = 51, NewestId = long.MaxValue, RankedMatches = 20_000,
        });
        TsQueryFilters.AddParameters(parameters, filter);
        await connection.ExecuteAsync("SET enable_seqscan = off");
        var json = await connection.ExecuteScalarAsync<string>("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, parameters);
        await connection.ExecuteAsync("RESET enable_seqscan");
        return JsonDocument.Parse(json!).RootElement[0].GetProperty("Plan");
    }
}
