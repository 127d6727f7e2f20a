using Dapper;
using PolicyWatch.Crawling;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// A feed of 100,000 entries (an attack, or a mistake) once held SQLite's write lock for a minute,
/// and every other source crawled meanwhile failed with "database is locked". A fetch stores at most
/// Crawl:MaxItemsPerFetch entries, the newest, in transactions of Crawl:ItemsPerTransaction.
/// </summary>
public sealed class BigFeedTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Source(string id, Uri url) =>
        $$"""{ "id": "{{id}}", "name": "Source {{id}}", "url": "{{url}}", "jurisdiction": "eu", "every": "1h" }""";

    [Fact]
    public async Task A_fetch_stores_the_newest_entries_up_to_the_cap_and_says_how_many_it_skipped()
    {
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("big", _server.Url("gen/big?items=3000"))),
            crawl: new CrawlOptions { MaxItemsPerFetch = 1000 });

        var report = await pipeline.CrawlAsync("big");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal((1000, 2000), (report.New, report.Skipped));
        Assert.Equal("stored the newest 1000 of 3000 entries (Crawl:MaxItemsPerFetch); 2000 skipped", report.Note);
        Assert.Equal(1000, await pipeline.CountAsync("SELECT count(*) FROM items WHERE CAST(substr(guid, 5) AS INTEGER) > 2000"));
        Assert.Contains("Crawl:MaxItemsPerFetch", await LastNoteAsync(pipeline));
    }

    [Fact]
    public async Task Items_are_committed_in_batches_so_a_failure_midway_keeps_the_batches_before_it()
    {
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("big", _server.Url("gen/big?items=1000"))),
            crawl: new CrawlOptions { ItemsPerTransaction = 200 });
        await using (var connection = await pipeline.Database.OpenAsync())
            await connection.ExecuteAsync(TestDatabases.OnPostgres
                ? """
                  CREATE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk trouble'; END $$;
                  CREATE TRIGGER fail_midway BEFORE INSERT ON items FOR EACH ROW WHEN (NEW.guid = 'big-450') EXECUTE FUNCTION fail_midway();
                  """
                : "CREATE TRIGGER fail_midway BEFORE INSERT ON items WHEN new.guid = 'big-450' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;");

        var report = await pipeline.CrawlAsync("big");

        Assert.False(report.Succeeded);
        Assert.Contains("disk trouble", report.Error);
        Assert.Equal(400, await pipeline.CountAsync("SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task Another_source_crawled_while_a_100000_entry_feed_is_stored_succeeds()
    {
        var fetch = TestPipeline.LoopbackFetch();
        fetch.MaxBodyBytes = 64L * 1024 * 1024;
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(
            Source("flood", _server.Url("gen/flood?items=100000")), Source("small", _server.Url("gen/small?items=5"))), fetch);

        var flood = pipeline.CrawlAsync("flood");
        var small = pipeline.CrawlAsync("small");
        var reports = await Task.WhenAll(flood, small);

        Assert.All(reports, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(pipeline.Crawl.MaxItemsPerFetch, reports[0].New);
        Assert.Equal(5, reports[1].New);
    }

    private static async Task<string> LastNoteAsync(TestPipeline pipeline)
    {
        await using var connection = await pipeline.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT note FROM fetch_log ORDER BY id DESC LIMIT 1") ?? "";
    }
}
