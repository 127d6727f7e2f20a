using Dapper;
using PolicyWatch.Catalog;
using PolicyWatch.Crawling;
using PolicyWatch.Official;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

/// <summary>The database owns the schedule: what feeds.json changes do to it at the next start.</summary>
public sealed class SourceStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<SourceDefinition> Sources(string every, string url = "https://example.org/feed") =>
        CatalogLoader.Load(TestCatalog.Json(new TestCatalog.Source("s", new Uri(url), Every: every)), "feeds.json").Sources;

    private static async Task AttemptAsync(TestPipeline pipeline, DateTimeOffset at, DateTimeOffset next)
    {
        await using var connection = await pipeline.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await SourceStore.RecordAsync(transaction, "s", new SourceOutcome(at, true, FetchOutcome.Ok, null, next, false, null, null));
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task A_new_source_is_due_at_once_and_not_again_until_its_next_fetch()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", new Uri("https://example.org/feed"))));
        Assert.Equal(["s"], await pipeline.Sources.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1)));

        await AttemptAsync(pipeline, Now, Now.AddMinutes(30));

        Assert.Empty(await pipeline.Sources.DueAsync(Now.AddMinutes(29)));
        Assert.Equal(["s"], await pipeline.Sources.DueAsync(Now.AddMinutes(30)));
    }

    [Fact]
    public async Task A_shorter_every_takes_effect_at_the_next_start_counted_from_the_last_attempt()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", new Uri("https://example.org/feed"), Every: "1d")));
        await AttemptAsync(pipeline, Now, Now.AddDays(1));

        await pipeline.Sources.SyncAsync(Sources("15m"), pipeline.HostOf, Now.AddMinutes(5));

        Assert.Equal(Now.AddMinutes(15), (await pipeline.HealthAsync("s")).NextFetchAt);
    }

    [Fact]
    public async Task A_new_url_makes_a_gone_source_due_again_and_a_removed_source_keeps_its_row_but_is_not_crawled()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", new Uri("https://example.org/feed"))));
        await using (var connection = await pipeline.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await SourceStore.RecordAsync(transaction, "s", new SourceOutcome(Now, false, FetchOutcome.Gone, "410 Gone", Now.AddDays(1), true, null, null));
            await transaction.CommitAsync();
        }

        await pipeline.Sources.SyncAsync(Sources("30m", "https://example.org/new-feed"), pipeline.HostOf, Now);
        Assert.Equal(["s"], await pipeline.Sources.DueAsync(Now));

        await pipeline.Sources.SyncAsync([], pipeline.HostOf, Now);
        Assert.Empty(await pipeline.Sources.DueAsync(Now.AddYears(1)));
        Assert.Equal(SourceCondition.Removed, (await pipeline.HealthAsync("s")).Status);
    }
    [Fact]
    public async Task Each_source_keeps_the_host_its_crawl_talks_to_and_a_new_url_or_api_address_moves_it_at_the_next_sync()
    {
        const string procedure = """{ "id": "ep", "name": "EP", "type": "ep-procedure", "procedure": "2022/0155(COD)", "jurisdiction": "eu", "every": "6h", "dossier": "eu-csam-regulation" }""";
        string Catalog(string feedUrl) =>
            TestCatalog.WithSourceJson($$"""{ "id": "s", "name": "S", "url": "{{feedUrl}}", "type": "feed", "jurisdiction": "eu", "every": "30m" }""", procedure);
        using var pipeline = new TestPipeline(Catalog("https://Example.org/feed"), official: new OfficialOptions { EuroparlUrl = new("http://127.0.0.1:5555/api/v2") });
        Assert.Equal([("ep", "127.0.0.1:5555"), ("s", "example.org")], await HostsAsync(pipeline)); // the API's host, not the procedure page's

        await pipeline.SyncAsync(Catalog("https://feeds.example.net:8443/feed"), Now);
        Assert.Equal([("ep", "127.0.0.1:5555"), ("s", "feeds.example.net:8443")], await HostsAsync(pipeline));

        // A start with the API elsewhere (the setting Official:EuroparlUrl) moves the procedure to the API's new host.
        var moved = new OfficialOptions { EuroparlUrl = new("https://europarl.example/api/v2") };
        var sources = CatalogLoader.Load(Catalog("https://feeds.example.net:8443/feed"), "feeds.json").Sources;
        await pipeline.Sources.SyncAsync(sources, source => SourceHost.Of(source, moved), Now);
        Assert.Equal([("ep", "europarl.example"), ("s", "feeds.example.net:8443")], await HostsAsync(pipeline));
    }

    private static async Task<List<(string, string)>> HostsAsync(TestPipeline pipeline)
    {
        await using var connection = await pipeline.Database.OpenAsync();
        return (await connection.QueryAsync<(string, string)>("SELECT id, host FROM sources ORDER BY id")).AsList();
    }
}
