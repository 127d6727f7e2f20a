using Dapper;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Support.History;
using static PolicyWatch.Tests.History.HistoryAssertions;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>
/// A SQLite database with a row in every table, filled as PolicyWatch fills it: a crawl of a feed (items, their tags
/// and why, the fetch log, the schedule state, archived-copy rows and activity weeks by trigger, Save Page Now's
/// queue), a failing source, a history walk through RFC 5005 archives, the curated milestones of the shipped
/// feeds.json, archived copies found and not found, a frozen digest, and a followed bill's status. Then what a long-lived
/// database has that a fresh one does not: packed texts, the newest item deleted (so SQLite's AUTOINCREMENT is past
/// the highest id), and a text with a NUL in it. Built once per test class; the copy tests only read it.
/// </summary>
public sealed class CopySource : IAsyncLifetime
{
    /// <summary>A word only the first news item's (packed) summary has, to find it by search after a copy.</summary>
    public const string SummaryWord = "quixotically";

    /// <summary>The tables every copy must carry rows of; a table added later is compared too, even if empty.</summary>
    public static readonly string[] FilledTables =
    [
        "sources", "items", "item_jurisdictions", "item_dossiers", "item_topics", "item_tag_reasons", "fetch_log", "digest_periods",
        "activity_weeks", "history_walks", "history_pages", "official_status", "official_requests", "archived_copies", "archive_saves",
        "archive_sources", "stories", "story_members", "story_terms", "story_keys", "story_signatures",
    ];

    private static readonly DateOnly Start = new(2019, 6, 1);

    private FixtureServer _feeds = null!;
    private ArchivedFeedSite _history = null!;
    private TestPipeline _pipeline = null!;

    public string Path => _pipeline.DatabasePath;

    public Database Database => _pipeline.Database;

    public async Task InitializeAsync()
    {
        _feeds = await FixtureServer.StartAsync();
        var summary = $"Members argued {SummaryWord} about the regulation. " + string.Concat(Enumerable.Repeat("The vote on the proposal was postponed once more. ", 40));
        _feeds.Documents["news.xml"] = Feeds.Rss("News", [
            Feeds.Item("n1", "Chat control vote postponed", new DateTimeOffset(2025, 11, 26, 10, 0, 0, TimeSpan.Zero), summary: summary),
            Feeds.Item("n2", "Client-side scanning explained", new DateTimeOffset(2025, 11, 27, 10, 0, 0, TimeSpan.Zero)),
            Feeds.Item("n3", "Überwachung: „Chatkontrolle“ – ein Gesetz", new DateTimeOffset(2025, 12, 1, 8, 30, 0, TimeSpan.Zero)),
            Feeds.Item("n4", "Undated chat control note"),
        ]);
        // The same report from a second outlet: the two make a story.
        _feeds.Documents["wire.xml"] = Feeds.Rss("Wire", [
            Feeds.Item("w1", "Chat control vote postponed", new DateTimeOffset(2025, 11, 26, 12, 0, 0, TimeSpan.Zero),
                summary: summary.Replace(SummaryWord, "", StringComparison.Ordinal)),
        ]);
        _history = await HistorySites.StartArchivedFeedAsync(new ArchivedFeedOptions { Items = GeneratedItems.Daily(25, Start) });
        _pipeline = new TestPipeline(TestCatalog.WithSourceJson(
            $$"""{ "id": "news", "name": "News", "url": "{{_feeds.Url("doc/news.xml")}}", "jurisdiction": "eu", "every": "30m", "archive": true }""",
            $$"""{ "id": "wire", "name": "Wire", "url": "{{_feeds.Url("doc/wire.xml")}}", "jurisdiction": "eu", "every": "30m" }""",
            $$"""{ "id": "down", "name": "Down", "url": "{{FixtureServer.ClosedPortUrl()}}", "jurisdiction": "uk", "every": "1h" }""",
            Source("archived", _history.FeedUrl)));
        var now = DateTimeOffset.UtcNow;

        Assert.Null((await _pipeline.CrawlAsync("news")).Error);
        Assert.Null((await _pipeline.CrawlAsync("wire")).Error);
        Assert.NotNull((await _pipeline.CrawlAsync("down")).Error);
        await _pipeline.BackfillAsync("archived", Start);
        var shipped = await CatalogLoader.LoadFileAsync(System.IO.Path.Combine(TestPaths.RepoRoot, "feeds.json"), CancellationToken.None);
        await new MilestoneStore(Database).SyncAsync(shipped, now);
        await _pipeline.ArchiveSaves.EnqueueNewItemsAsync(now);

        await using var connection = await Database.OpenAsync();
        var ids = (await connection.QueryAsync<long>("SELECT id FROM items WHERE source_id = 'news' ORDER BY id")).AsList();
        await _pipeline.ArchivedCopies.RecordFoundAsync(ids[0], "https://example.org/n1", "https://web.archive.org/web/20251126110000/https://example.org/n1",
            new DateTimeOffset(2025, 11, 26, 11, 0, 0, TimeSpan.Zero), CopyFoundVia.Lookup, now);
        await _pipeline.ArchivedCopies.RecordNotFoundAsync(ids[1], "https://example.org/n2", "no capture", now, now.AddDays(7));
        await new DigestQueries(Database).FreezeAsync(
            [new FrozenDigest("d:eu-csam-regulation:weekly", new DateTimeOffset(2025, 11, 24, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero), 2, """{"z":1,"a":["Chat control vote postponed","Überwachung"]}""")], now);
        // The parliaments' APIs are not what this fixture is about: the rows they leave, as OfficialReader writes them.
        await connection.ExecuteAsync(
            """
            INSERT INTO official_status (source_id, dossier_id, reference, title, current_stage, current_stage_code, current_house,
                                         is_act, is_defeated, is_withdrawn, source_updated_at, updated_at)
            VALUES ('down', 'uk-online-safety-act', 'Bill 3430', 'Online Safety Bill', 'Royal Assent', 'RA', 'Lords', 1, 0, NULL,
                    '2023-10-26T09:00:00Z', '2025-12-01T10:00:00Z');
            INSERT INTO official_requests (source_id, url, etag, last_modified)
            VALUES ('down', 'https://bills-api.parliament.uk/api/v1/Bills/3137', '"abc"', 'Thu, 26 Oct 2023 09:00:00 GMT');
            """);
        // A text no feed could have given (HtmlText drops control characters), as a hand edit might leave it.
        await connection.ExecuteAsync("UPDATE items SET author = 'A' || char(0) || 'B' WHERE id = @Id", new { Id = ids[2] });
        // A deleted newest item: its id is still taken.
        await connection.ExecuteAsync("DELETE FROM items WHERE id = (SELECT max(id) FROM items)");

        foreach (var table in FilledTables)
            Assert.True(await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}") > 0, $"the copy source has no rows in {table}");
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items WHERE typeof(summary_text) = 'blob'") > 0, "no packed text");
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT seq FROM sqlite_sequence WHERE name = 'items'")
                    > await connection.ExecuteScalarAsync<long>("SELECT max(id) FROM items"));
    }

    public async Task DisposeAsync()
    {
        _pipeline.Dispose();
        await _history.DisposeAsync();
        await _feeds.DisposeAsync();
    }
}
