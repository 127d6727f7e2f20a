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
/// Search on PostgreSQL finds, ranks, pages and quotes what SQLite's does: the cases of <see cref="SearchTests"/>
/// and <see cref="SearchIndexTests"/>, run against <see cref="PostgresSearch"/>.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestDatabases.Provider, TestDatabases.OwnDatabase)]
public sealed class PostgresSearchTests(PostgresCluster cluster) : IAsyncLifetime
{
    private PostgresStoredItems _store = null!;

    public async Task InitializeAsync() => _store = await PostgresStoredItems.CreateAsync(cluster, nameof(PostgresSearchTests));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [PostgresFact]
    public async Task Words_match_whatever_their_case_accents_or_ending()
    {
        var german = await _store.AddAsync("Chatkontrolle: Rat vertagt Abstimmung");
        var french = await _store.AddAsync("La décision du Conseil");
        var english = await _store.AddAsync("Apple drops its encryption plan");

        Assert.Equal([german], await _store.SearchIdsAsync("chatkontrolle"));
        Assert.Equal([german], await _store.SearchIdsAsync("CHATKONTROLLE"));
        Assert.Equal([french], await _store.SearchIdsAsync("decision"));
        Assert.Equal([french], await _store.SearchIdsAsync("décision"));
        Assert.Equal([english], await _store.SearchIdsAsync("encrypting"));
    }

    [PostgresFact]
    public async Task Phrases_prefixes_and_operators_find_what_they_say()
    {
        var chatControl = await _store.AddAsync("Chat control vote delayed", "The Council could not agree on encryption.");
        var controlChat = await _store.AddAsync("Control of the chat", "Moderators on scanning.");
        var scanning = await _store.AddAsync("Client-side scanning explained", "Apple and scanning.");

        Assert.Equal([chatControl], await _store.SearchIdsAsync("\"chat control\""));
        Assert.Equal([controlChat, chatControl], (await _store.SearchIdsAsync("chat control")).OrderDescending().ToList());
        Assert.Equal([chatControl], await _store.SearchIdsAsync("encrypt*"));
        Assert.Equal([scanning, controlChat], (await _store.SearchIdsAsync("scanning")).OrderDescending().ToList());
        Assert.Equal([controlChat], await _store.SearchIdsAsync("scanning NOT apple"));
        Assert.Equal([controlChat], await _store.SearchIdsAsync("scanning -apple"));
        Assert.Equal([scanning, chatControl], (await _store.SearchIdsAsync("encryption OR apple")).OrderDescending().ToList());
        Assert.Equal([chatControl], await _store.SearchIdsAsync("(vote OR ballot) council"));
        // Lower-case operators are words; a phrase's last word alone is the prefix, as in FTS5.
        Assert.Equal([controlChat], await _store.SearchIdsAsync("scanning AND moderators"));
        Assert.Empty(await _store.SearchIdsAsync("scanning and moderators"));
        Assert.Equal([chatControl], await _store.SearchIdsAsync("\"chat contr\"*"));
        Assert.Empty(await _store.SearchIdsAsync("\"cha control\"*"));
        Assert.Equal([scanning], await _store.SearchIdsAsync("\"client side\""));
        Assert.Equal([scanning], await _store.SearchIdsAsync("client-side"));
    }

    [PostgresFact]
    public async Task Archived_text_is_searched_too()
    {
        var id = await _store.AddAsync("A statement", archived: "The full text mentions the Technology Notice regime.");

        Assert.Equal([id], await _store.SearchIdsAsync("\"technology notice\""));
    }

    [PostgresFact]
    public async Task A_match_in_the_title_ranks_above_one_in_the_summary_above_one_in_the_text()
    {
        var inText = await _store.AddAsync("Weekly roundup", archived: "long text about many things, including encryption and more");
        var inSummary = await _store.AddAsync("Weekly roundup", "Today: encryption and more");
        var inTitle = await _store.AddAsync("Encryption under threat", "Today: a statement");

        Assert.Equal([inTitle, inSummary, inText], await _store.SearchIdsAsync("encryption"));
        // Words left out do not flatten the ranking: ts_rank weighs the words looked for.
        Assert.Equal([inTitle, inSummary, inText], await _store.SearchIdsAsync("encryption -apple"));
    }

    [PostgresFact]
    public async Task Equal_scores_list_the_newest_first_and_date_order_goes_by_publication()
    {
        var older = await _store.AddAsync("Encryption news", at: PostgresStoredItems.Day.AddDays(1));
        var newer = await _store.AddAsync("Encryption news", at: PostgresStoredItems.Day);

        Assert.Equal([newer, older], await _store.SearchIdsAsync("encryption"));
        Assert.Equal([older, newer], await _store.SearchIdsAsync("encryption", new ItemFilter { Order = ItemOrder.Date }));
    }

    [PostgresFact]
    public async Task Relevance_ranks_the_newest_matches_when_a_search_matches_very_many()
    {
        var oldBest = await _store.AddAsync("Encryption encryption encryption");
        var newer = new List<long>();
        for (var n = 0; n < 4; n++) newer.Add(await _store.AddAsync($"Weekly {n}", "encryption"));
        var search = new ItemQueries(_store.Database) { RankedMatches = 3 };

        var page = await search.PageAsync(new ItemFilter { Q = "encryption" }, null, 10);

        Assert.Equal(newer.Skip(1).Reverse(), page.Items.Select(h => h.Id));
        Assert.DoesNotContain(oldBest, page.Items.Select(h => h.Id));
        Assert.Contains(oldBest, (await search.PageAsync(new ItemFilter { Q = "encryption", Order = ItemOrder.Date }, null, 10)).Items.Select(h => h.Id));
    }

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
    public async Task Search_combines_with_every_filter()
    {
        var hit = await _store.AddAsync("Encryption vote", kind: "legislative", source: "europarl", at: PostgresStoredItems.Day,
            jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Encryption vote", kind: "article", source: "europarl", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Encryption vote", kind: "legislative", source: "other", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Encryption vote", kind: "legislative", source: "europarl", jurisdictions: ["uk"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Encryption vote", kind: "legislative", source: "europarl", jurisdictions: ["eu"], dossiers: ["eu-digital-services-act"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Encryption vote", kind: "legislative", source: "europarl", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["age-assurance"]);
        await _store.AddAsync("Encryption vote", kind: "legislative", source: "europarl", at: PostgresStoredItems.Day.AddYears(-1),
            jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Scanning vote", kind: "legislative", source: "europarl", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        var filter = new ItemFilter
        {
            Jurisdiction = "eu", Dossier = "eu-csam-regulation", Topic = "end-to-end-encryption", Source = "europarl",
            Kind = ItemKind.Legislative, From = PostgresStoredItems.Day.AddDays(-1), To = PostgresStoredItems.Day.AddDays(1),
        };

        Assert.Equal([hit], await _store.SearchIdsAsync("encryption", filter));
        Assert.Equal([hit], await _store.SearchIdsAsync("encryption", filter with { Order = ItemOrder.Date }));
        Assert.Equal(6, (await _store.SearchIdsAsync("encryption", new ItemFilter { Dossier = "eu-csam-regulation" })).Count);
    }

    [PostgresFact]
    public async Task A_search_for_articles_leaves_out_official_events()
    {
        var article = await _store.AddAsync("Encryption vote explained", kind: "article");
        await _store.AddAsync("Encryption vote", kind: "legislative");
        await _store.AddAsync("Encryption vote scheduled", kind: "milestone");

        Assert.Equal([article], await _store.SearchIdsAsync("encryption", new ItemFilter { Kind = ItemKind.Article }));
        Assert.Equal([article], await _store.SearchIdsAsync("encryption", new ItemFilter { Kind = ItemKind.Article, Order = ItemOrder.Date }));
        Assert.Equal(3, (await _store.SearchIdsAsync("encryption")).Count);
    }

    [PostgresFact]
    public async Task Search_words_never_match_the_filter_tokens()
    {
        await _store.AddAsync("Vote", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"]);

        Assert.Empty(await _store.SearchIdsAsync("jeu0"));
        Assert.Empty(await _store.SearchIdsAsync(SearchTokens.Token(SearchTokens.Dossier, "eu-csam-regulation")));
        Assert.Empty(await _store.SearchIdsAsync("karticle0"));
        Assert.Empty(await _store.SearchIdsAsync("karti*"));
        Assert.Empty(await _store.SearchIdsAsync("je*"));
        Assert.Empty(await _store.SearchIdsAsync("ǰe*"));
        Assert.Empty(await _store.SearchIdsAsync("\"vote jeu0\""));
        Assert.Empty(await _store.SearchIdsAsync("vote x-jeu0"));
        // Left out, a token-shaped word must not leave out the items it would name as a filter.
        Assert.Single(await _store.SearchIdsAsync("vote -jeu0"));
        Assert.Single(await _store.SearchIdsAsync("vote -je*"));
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

            var scan = Assert.Single(Nodes(plan), n => n.TryGetProperty("Index Name", out var index) && index.GetString() == "items_search");
            Assert.Equal("Bitmap Index Scan", scan.GetProperty("Node Type").GetString());
            // The six UK items holding the word: the filter is inside the index's condition, not checked after it.
            Assert.Equal(6, scan.GetProperty("Actual Rows").GetInt64());
            Assert.Equal(6, (await _store.SearchIdsAsync("encryption", filter)).Count);
        }
    }

    [PostgresFact]
    public async Task Pages_follow_one_another_without_repeats_or_gaps_in_both_orders()
    {
        var ids = new List<long>();
        for (var n = 0; n < 7; n++)
            ids.Add(await _store.AddAsync(n % 2 == 0 ? $"Encryption {n}" : $"Roundup {n}", n % 2 == 0 ? null : "encryption", at: PostgresStoredItems.Day.AddHours(n % 3)));
        await _store.AddAsync("Unrelated");

        foreach (var order in new[] { ItemOrder.Relevance, ItemOrder.Date })
        {
            var filter = new ItemFilter { Q = "encryption", Order = order };
            var pages = await _store.AllPagesAsync(filter, 3);

            Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
            Assert.Equal(await _store.SearchIdsAsync("encryption", filter), pages.SelectMany(p => p).ToList());
            Assert.Equal(ids.Order(), pages.SelectMany(p => p).Order());
        }
    }

    [PostgresFact]
    public async Task Items_stored_while_someone_pages_by_relevance_wait_for_a_fresh_search()
    {
        for (var n = 0; n < 4; n++) await _store.AddAsync($"Encryption {n}");
        var first = await _store.Search.PageAsync(new ItemFilter { Q = "encryption" }, null, 2);

        var late = await _store.AddAsync("Encryption encryption, late");
        var second = await _store.Search.PageAsync(new ItemFilter { Q = "encryption" }, first.Next, 2);

        Assert.DoesNotContain(late, first.Items.Concat(second.Items).Select(h => h.Id));
        Assert.Equal(4, first.Items.Concat(second.Items).Select(h => h.Id).Distinct().Count());
        Assert.Equal(late, (await _store.Search.PageAsync(new ItemFilter { Q = "encryption" }, null, 2)).Items[0].Id);
    }

    [PostgresFact]
    public async Task A_cursor_of_the_other_order_is_refused()
    {
        await _store.AddAsync("Encryption");
        var byDate = DateCursor.Format(new TimelineItem { Id = 1, Kind = "article", Title = "x", SourceId = "s", SourceName = "s", PublishedAt = PostgresStoredItems.Day });

        await Assert.ThrowsAsync<InvalidCursorException>(() => _store.Search.PageAsync(new ItemFilter { Q = "encryption" }, byDate, 10));
        await Assert.ThrowsAsync<InvalidCursorException>(() => _store.Search.PageAsync(new ItemFilter { Q = "encryption", Order = ItemOrder.Date }, RelevanceCursor.Format(-1, 1, 1), 10));
    }

    [PostgresFact]
    public async Task Snippets_mark_the_matches_and_encode_hostile_text()
    {
        await _store.AddAsync("Statement", "<script>alert('x')</script> Ministers & encryption <b>now</b>");

        var hit = await _store.OnlyHitAsync("encryption");

        Assert.Equal("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ministers &amp; <mark>encryption</mark> &lt;b&gt;now&lt;/b&gt;", hit.Snippet);
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
    public async Task A_search_page_asked_without_snippets_makes_none()
    {
        await _store.AddAsync("Statement", "encryption");

        foreach (var order in new[] { ItemOrder.Relevance, ItemOrder.Date })
        {
            var page = await _store.Search.PageAsync(new ItemFilter { Q = "encryption", Order = order }, null, 10, withSnippets: false);
            Assert.Null(Assert.Single(page.Items).Snippet);
        }
    }

    [PostgresFact]
    public async Task Bad_search_syntax_is_an_invalid_search_not_a_database_error()
    {
        await Assert.ThrowsAsync<InvalidSearchException>(() => _store.Search.PageAsync(new ItemFilter { Q = "\"chat control" }, null, 10));
        await Assert.ThrowsAsync<InvalidSearchException>(() => _store.Search.PageAsync(new ItemFilter { Q = "NOT apple" }, null, 10));
    }

    [PostgresTheory]
    [InlineData("NEAR(\"a\" \"b\", 1)")]
    [InlineData("title: x OR")]
    [InlineData("* ^ : ( ) \" ")]
    [InlineData("a OR OR b")]
    [InlineData("x\u0000y")]
    [InlineData("a -b -c -d -e -f -g -h -i -j -k -l -m -n -o -p -q -r -s -t -u -v -w -x -y -z -aa -bb -cc -dd -ee -ff -gg -hh -ii -jj -kk -ll -mm -nn -oo -pp -qq -rr -ss -tt -uu -vv -ww")]
    [InlineData("(((((((((a OR b) c) d) e) f) g) h) i) j)")]
    [InlineData("w01 w02 w03 w04 w05 w06 w07 w08 w09 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38 w39 w40 w41 w42 w43 w44 w45 w46 w47 w48 w49 w50")]
    [InlineData("it's a \\' back\\slash 'quoted' & | ! <-> :* :ABC")]
    [InlineData("'a':* & !'b' | ('c' <-> 'd')")]
    [InlineData("\ud800 half \udfff a surrogate")]
    [InlineData("<b> -apple")]
    [InlineData("<b> OR x")]
    [InlineData("&amp; (x OR -y)")]
    public async Task Hostile_searches_either_run_or_are_refused_with_a_reason(string q)
    {
        await _store.AddAsync("Some title");

        await RunsOrIsRefusedAsync(q);
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

    private static IEnumerable<JsonElement> Nodes(JsonElement plan)
    {
        yield return plan;
        if (!plan.TryGetProperty("Plans", out var children)) yield break;
        foreach (var child in children.EnumerateArray())
            foreach (var node in Nodes(child))
                yield return node;
    }
}
