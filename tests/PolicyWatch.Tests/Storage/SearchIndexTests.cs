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

    [Fact]
    public async Task Crawled_texts_are_stored_packed_and_read_back_whole_in_pages_search_and_snippets()
    {
        var summary = string.Concat(Enumerable.Repeat("Ministers discussed end-to-end encryption and the Chatkontrolle proposal again. ", 12));
        await using var server = await FixtureServer.StartAsync();
        server.Documents["feed.xml"] = Feeds.Rss("F", [Feeds.Item("a", "Council meets", StoredItems.Day, summary: $"<p>{summary}</p>")]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", server.Url("doc/feed.xml"))));

        await pipeline.CrawlAsync("s");

        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items WHERE typeof(summary_text) = 'blob' AND typeof(summary_html) = 'blob'"));
        var id = await pipeline.CountAsync("SELECT id FROM items");
        Assert.Equal(summary.Trim(), (await new ItemDetailQueries(pipeline.Database).FindAsync(id))!.SummaryText);
        var hit = Assert.Single((await new ItemQueries(pipeline.Database).PageAsync(new ItemFilter { Q = "chatkontrolle" }, null, 10)).Items);
        Assert.Contains("<mark>Chatkontrolle</mark>", hit.Snippet);
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
    [InlineData("jurisdiction", "SEARCH t USING PRIMARY KEY (jurisdiction=?")]
    [InlineData("dossier+jurisdiction+kind", "SEARCH t USING PRIMARY KEY (dossier_id=?")]
    [InlineData("topic", "SEARCH t USING PRIMARY KEY (topic_id=?")]
    [InlineData("source", "items_by_source")]
    [InlineData("kind", "items_by_kind")]
    [InlineData("all", "items_by_published")]
    [InlineData("jurisdiction+search", "SEARCH t USING PRIMARY KEY (jurisdiction=?")]
    [InlineData("all+search", "items_by_published")]
    public async Task Timelines_walk_an_index_in_order_and_never_sort(string view, string expected)
    {
        var filter = view switch
        {
            "jurisdiction" or "jurisdiction+search" => new ItemFilter { Jurisdiction = "eu" },
            "dossier+jurisdiction+kind" => new ItemFilter { Jurisdiction = "eu", Dossier = "eu-csam-regulation", Kind = ItemKind.Article },
            "topic" => new ItemFilter { Topic = "age-assurance", From = StoredItems.Day },
            "source" => new ItemFilter { Source = "edri" },
            "kind" => new ItemFilter { Kind = ItemKind.Milestone },
            _ => new ItemFilter(),
        };

        // Statistics once made the planner start from sources and sort: the plan must hold with them too.
        for (var n = 0; n < 3; n++) await _store.AddAsync($"Item {n}", source: $"s{n}", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"]);
        await _store.ExecuteAsync("ANALYZE main");

        var plan = await _store.QueryPlanAsync(ItemQueries.TimelineSql(filter, hasCursor: true, alsoMatching: view.EndsWith("search")), new
        {
            TextMatch = "\"encryption\"",
            filter.Jurisdiction, filter.Dossier, filter.Topic, filter.Source, Kind = "article", From = "2024", To = "2025",
            AfterAt = "2024", AfterId = 1, Limit = 51,
        });

        Assert.Contains(expected, plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
        Assert.DoesNotContain("SCAN i", plan.Split("\n")); // a scan of the items table itself
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
