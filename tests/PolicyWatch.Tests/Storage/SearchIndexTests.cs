using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Search;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

public sealed class SearchIndexTests : IDisposable
{
    private readonly StoredItems _store = new();

    [Fact]
    public async Task The_index_follows_updates_of_title_summary_and_archived_text()
    {
        var id = await _store.AddAsync("Old headline about scanning");

        await _store.ExecuteAsync("UPDATE items SET title = 'New headline about encryption', archived_text = 'Chatkontrolle' WHERE id = @id", new { id });

        Assert.Empty(await _store.SearchIdsAsync("scanning"));
        Assert.Equal([id], await _store.SearchIdsAsync("encryption"));
        Assert.Equal([id], await _store.SearchIdsAsync("chatkontrolle"));
    }

    [Fact]
    public async Task Deleted_items_leave_the_index()
    {
        var id = await _store.AddAsync("Commission proposal on encryption", kind: "milestone");

        await _store.ExecuteAsync("DELETE FROM items WHERE id = @id", new { id });

        Assert.Empty(await _store.SearchIdsAsync("encryption"));
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Deleting_an_item_leaves_the_FTS5_index_whole()
    {
        var id = await _store.AddAsync("Commission proposal on encryption", kind: "milestone");

        await _store.ExecuteAsync("DELETE FROM items WHERE id = @id", new { id });

        await using var connection = await _store.Database.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')");
    }

    [Fact]
    public async Task Milestones_removed_from_feeds_json_cannot_be_found_any_more()
    {
        using var pipeline = new PolicyWatch.Tests.Support.TestPipeline(PolicyWatch.Tests.Support.TestCatalog.Json());
        var store = new MilestoneStore(pipeline.Database);
        const string milestone = """{ "date": "2022-05-11", "title": "Commission proposal", "stage": "proposal", "url": "https://eur-lex.europa.eu/p" }""";
        var json = PolicyWatch.Tests.Support.TestCatalog.Json();
        await store.SyncAsync(CatalogLoader.Load(json.Replace("\"phrases\": [\"chat control\"]", $"\"phrases\": [\"chat control\"], \"milestones\": [{milestone}]"), "feeds.json"), DateTimeOffset.UtcNow);
        var queries = new ItemQueries(pipeline.Database);
        Assert.Single((await queries.PageAsync(new ItemFilter { Q = "proposal" }, null, 10)).Items);

        await store.SyncAsync(CatalogLoader.Load(json, "feeds.json"), DateTimeOffset.UtcNow);

        Assert.Empty((await queries.PageAsync(new ItemFilter { Q = "proposal" }, null, 10)).Items);
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Migrating_from_version_2_indexes_the_items_already_stored()
    {
        using var old = new StoredItems(migrate: false);
        await using (var connection = await old.Database.OpenAsync())
        {
            await connection.ExecuteAsync(Migrations.Steps[0] + Migrations.Steps[1] + "PRAGMA user_version = 2;");
            await connection.ExecuteAsync("INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES ('s', 'S', 'file:///x', 'feed', 'eu', 60)");
            await connection.ExecuteAsync(
                """
                INSERT INTO items (source_id, guid, kind, title, summary_text, archived_text, published_at, first_seen_at, last_changed_at, content_hash)
                VALUES ('s', 'a', 'article', 'Council talks', 'on encryption', NULL, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h'),
                       ('s', 'b', 'article', 'Other', NULL, @Archived, '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z', 'h');
                INSERT INTO item_jurisdictions (jurisdiction, item_id, published_at) VALUES ('eu', 1, '2024-01-01T00:00:00Z');
                """, new { Archived = ArchivedDecision });
        }

        await old.Database.MigrateAsync();

        Assert.Single(await old.SearchIdsAsync("encryption"));
        Assert.Single(await old.SearchIdsAsync("encryption", new ItemFilter { Jurisdiction = "eu" }));
        Assert.Empty(await old.SearchIdsAsync("encryption", new ItemFilter { Jurisdiction = "uk" }));
        Assert.Single(await old.SearchIdsAsync("decision"));
        await using var connection2 = await old.Database.OpenAsync();
        Assert.Equal(("blob", ArchivedDecision), await connection2.QuerySingleAsync<(string, string)>(
            "SELECT typeof(archived_text), unpack(archived_text) FROM items WHERE guid = 'b'"));
        await connection2.ExecuteAsync("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')");
    }

    private static readonly string ArchivedDecision = string.Concat(Enumerable.Repeat("The archived décision of the Council on the regulation. ", 20));

    private static readonly string CrawledSummary =
        string.Concat(Enumerable.Repeat("Ministers discussed end-to-end encryption and the Chatkontrolle proposal again. ", 12));

    /// <summary>A pipeline that has crawled one item with a long summary, as a feed gives it.</summary>
    private static async Task<TestPipeline> CrawledAsync(FixtureServer server)
    {
        server.Documents["feed.xml"] = Feeds.Rss("F", [Feeds.Item("a", "Council meets", StoredItems.Day, summary: $"<p>{CrawledSummary}</p>")]);
        var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", server.Url("doc/feed.xml"))));
        await pipeline.CrawlAsync("s");
        return pipeline;
    }

    [Fact]
    public async Task Crawled_texts_are_read_back_whole_in_pages_search_and_snippets()
    {
        await using var server = await FixtureServer.StartAsync();
        using var pipeline = await CrawledAsync(server);

        var id = await pipeline.CountAsync("SELECT id FROM items");
        Assert.Equal(CrawledSummary.Trim(), (await new ItemDetailQueries(pipeline.Database).FindAsync(id))!.SummaryText);
        var hit = Assert.Single((await new ItemQueries(pipeline.Database).PageAsync(new ItemFilter { Q = "chatkontrolle" }, null, 10)).Items);
        Assert.Contains("<mark>Chatkontrolle</mark>", hit.Snippet);
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Crawled_texts_are_stored_packed_and_the_FTS5_index_reads_them_unpacked()
    {
        await using var server = await FixtureServer.StartAsync();
        using var pipeline = await CrawledAsync(server);

        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items WHERE typeof(summary_text) = 'blob' AND typeof(summary_html) = 'blob'"));
        await using var connection = await pipeline.Database.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')");
    }

    [Fact]
    public async Task A_search_within_filters_follows_the_items_tags_when_they_change()
    {
        var id = await _store.AddAsync("Vote on encryption", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"]);
        var eu = new ItemFilter { Jurisdiction = "eu", Dossier = "eu-csam-regulation" };
        var uk = new ItemFilter { Jurisdiction = "uk", Topic = "age-assurance" };
        Assert.Equal([id], await _store.SearchIdsAsync("encryption", eu));

        await using (var connection = await _store.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // What retag and page archiving do when the rules or the text change.
            await ItemStore.WriteTagsAsync(transaction, id, StoredItems.Day, new Classification([], ["age-assurance"], ["uk"], []));
            await transaction.CommitAsync();
        }

        Assert.Empty(await _store.SearchIdsAsync("encryption", eu));
        Assert.Equal([id], await _store.SearchIdsAsync("encryption", uk));
        Assert.Equal([id], await _store.SearchIdsAsync("encryption", uk with { Order = ItemOrder.Date }));
    }

    [Theory]
    [InlineData("eu-csam-regulation", "deuxhcsamxhregulation0")]
    [InlineData("x-ray", "dxxxhray0")]
    [InlineData("xhray", "dxxhray0")]
    public void Filter_tokens_are_one_word_each_and_no_two_ids_share_one(string id, string token) =>
        Assert.Equal(token, SearchTokens.Token(SearchTokens.Dossier, id));

    [Fact]
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

    [Theory]
    [InlineData("\"chat\" \"control\"", "(\"chat\" \"control\")")]
    [InlineData("\"jeu0\"", "{title summary_text archived_text} : (\"jeu0\")")]
    [InlineData("\"x\" AND \"Kärticle0\"", "{title summary_text archived_text} : (\"x\" AND \"Kärticle0\")")]
    [InlineData("\"encrypt\"*", "(\"encrypt\"*)")]
    [InlineData("\"surveil\"*", "{title summary_text archived_text} : (\"surveil\"*)")]
    [InlineData("\"web ǩey\"* NOT \"x\"", "{title summary_text archived_text} : (\"web ǩey\"* NOT \"x\")")]
    [InlineData("\"\"*", "{title summary_text archived_text} : (\"\"*)")]
    [InlineData("\"covid 2020\"", "(\"covid 2020\")")]
    public void Search_words_are_kept_off_the_filter_column_only_when_they_could_reach_it(string translated, string expected) =>
        Assert.Equal(expected, SearchPlan.TextOnly(translated));

    [Theory]
    [InlineData("jurisdiction", "SEARCH t USING PRIMARY KEY (jurisdiction=?", "item_jurisdictions_pkey")]
    [InlineData("dossier+jurisdiction+kind", "SEARCH t USING PRIMARY KEY (dossier_id=?", "item_dossiers_pkey")]
    [InlineData("topic", "SEARCH t USING PRIMARY KEY (topic_id=?", "item_topics_pkey")]
    [InlineData("source", "items_by_source", "items_by_source")]
    [InlineData("kind", "items_by_kind", "items_by_kind")]
    [InlineData("all", "items_by_published", "items_by_published")]
    public async Task Timelines_walk_an_index_in_order_and_never_sort(string view, string onSqlite, string onPostgres)
    {
        var filter = TimelineView(view);
        await AddTimelineItemsAsync();

        var plan = await TimelinePlanAsync(ItemQueries.TimelineSql(filter, hasCursor: true), filter);

        if (TestDatabases.OnPostgres)
        {
            Assert.True(plan.Contains($" using {onPostgres} on ", StringComparison.Ordinal), plan);
            Assert.False(plan.Contains("Sort", StringComparison.Ordinal), plan);
            Assert.False(plan.Contains("Seq Scan on items", StringComparison.Ordinal), plan);
            return;
        }
        Assert.Contains(onSqlite, plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
        Assert.DoesNotContain("SCAN i", plan.Split("\n")); // a scan of the items table itself
    }

    /// <summary>On SQLite a search by date with many matches walks the timeline, checking each item against the FTS index.</summary>
    [Theory]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    [InlineData("jurisdiction", "SEARCH t USING PRIMARY KEY (jurisdiction=?")]
    [InlineData("all", "items_by_published")]
    public async Task A_search_by_date_with_many_matches_walks_the_timeline_and_never_sorts(string view, string expected)
    {
        var filter = TimelineView(view);
        await AddTimelineItemsAsync();

        var plan = await TimelinePlanAsync(ItemQueries.TimelineSql(filter, hasCursor: true, alsoMatching: SqliteSearch.MatchesWords), filter);

        Assert.Contains(expected, plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
        Assert.DoesNotContain("SCAN i", plan.Split("\n"));
    }

    private static ItemFilter TimelineView(string view) => view switch
    {
        "jurisdiction" => new ItemFilter { Jurisdiction = "eu" },
        "dossier+jurisdiction+kind" => new ItemFilter { Jurisdiction = "eu", Dossier = "eu-csam-regulation", Kind = ItemKind.Article },
        "topic" => new ItemFilter { Topic = "age-assurance", From = StoredItems.Day },
        "source" => new ItemFilter { Source = "edri" },
        "kind" => new ItemFilter { Kind = ItemKind.Milestone },
        _ => new ItemFilter(),
    };

    /// <summary>
    /// Statistics once made SQLite's planner start from sources and sort: the plan must hold with them too. PostgreSQL's
    /// planner rightly sorts a table of three rows, so there the items are what a timeline is for: thousands, spread
    /// over twenty sources, kinds (official ones a tenth) and tags, with their statistics.
    /// </summary>
    private async Task AddTimelineItemsAsync()
    {
        for (var n = 0; n < 3; n++) await _store.AddAsync($"Item {n}", source: $"s{n}", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"]);
        if (!TestDatabases.OnPostgres)
        {
            await _store.ExecuteAsync("ANALYZE main");
            return;
        }
        await _store.AddAsync("Item", source: "edri");
        await _store.ExecuteAsync(
            """
            INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds)
            SELECT 'source-' || n, 'Source ' || n, 'file:///x', 'feed', 'eu', 60 FROM generate_series(1, 19) n;
            INSERT INTO items (source_id, guid, kind, title, published_at, first_seen_at, last_changed_at, content_hash)
            SELECT CASE WHEN n % 20 = 0 THEN 'edri' ELSE 'source-' || n % 20 END, 'many-' || n,
                   CASE n % 20 WHEN 1 THEN 'milestone' WHEN 2 THEN 'legislative' ELSE 'article' END,
                   'Item ' || n, '2020-01-01'::timestamptz + n * interval '1 hour', '2020-01-01', '2020-01-01', 'h'
            FROM generate_series(1, 20000) n;
            INSERT INTO item_jurisdictions (jurisdiction, item_id, published_at)
            SELECT (ARRAY['eu', 'uk', 'us'])[id % 3 + 1], id, published_at FROM items WHERE guid LIKE 'many-%';
            INSERT INTO item_dossiers (dossier_id, item_id, published_at)
            SELECT (ARRAY['eu-csam-regulation', 'uk-online-safety-act'])[id % 2 + 1], id, published_at FROM items WHERE guid LIKE 'many-%' AND id % 7 = 0;
            INSERT INTO item_topics (topic_id, item_id, published_at)
            SELECT (ARRAY['age-assurance', 'end-to-end-encryption'])[id % 2 + 1], id, published_at FROM items WHERE guid LIKE 'many-%' AND id % 3 = 0;
            ANALYZE;
            """);
    }

    private Task<string> TimelinePlanAsync(string sql, ItemFilter filter) =>
        _store.QueryPlanAsync(sql, new
        {
            TextMatch = "\"encryption\"",
            filter.Jurisdiction, filter.Dossier, filter.Topic, filter.Source, Kind = ItemFilterSql.KindText(filter.Kind ?? ItemKind.Article),
            From = StoredItems.Day.AddYears(-10), To = StoredItems.Day.AddYears(1),
            AfterAt = StoredItems.Day, AfterId = 1, Limit = 51,
        });

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
