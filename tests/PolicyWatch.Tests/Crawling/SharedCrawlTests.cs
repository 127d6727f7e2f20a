using Dapper;
using PolicyWatch.Crawling;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// Several nodes on one database: each takes the due sources it crawls, so together they crawl every due source
/// exactly once, never one source at once; a node that stops gives its sources back.
/// </summary>
public sealed class SharedCrawlTests : IAsyncLifetime
{
    /// <summary>Sources are due from the moment they are added (now, in real time).</summary>
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddMinutes(1);
    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Catalog(int sources) =>
        TestCatalog.Json(Enumerable.Range(1, sources).Select(i => new TestCatalog.Source($"s{i:D3}", _server.Url($"gen/s{i}.xml?items=2"))).ToArray());

    [Fact]
    public async Task A_source_taken_by_one_node_is_not_taken_by_another_until_its_lease_runs_out_or_its_fetch_is_recorded()
    {
        using var pipeline = new TestPipeline(Catalog(3));
        var lease = Now.AddMinutes(30);

        var a = await pipeline.Sources.ClaimDueAsync("a", Now, lease, limit: 2);
        var b = await pipeline.Sources.ClaimDueAsync("b", Now, lease, limit: 10);

        Assert.Equal(["s001", "s002"], a);
        Assert.Equal(["s003"], b);
        Assert.Empty(await pipeline.Sources.ClaimDueAsync("b", Now.AddMinutes(29), lease, limit: 10));
        Assert.Equal(["s001", "s002", "s003"], await pipeline.Sources.ClaimDueAsync("b", lease, lease.AddMinutes(30), limit: 10)); // a's lease ran out

        await pipeline.Sources.ReleaseAsync("a", ["s001"]); // not a's any more: nothing happens
        Assert.Empty(await pipeline.Sources.ClaimDueAsync("a", lease, lease.AddMinutes(30), limit: 10));
        await pipeline.Sources.ReleaseAsync("b", ["s001"]);
        Assert.Equal(["s001"], await pipeline.Sources.ClaimDueAsync("a", lease, lease.AddMinutes(30), limit: 10));
    }

    [Fact]
    public async Task Two_nodes_sharing_one_database_crawl_every_due_source_exactly_once_between_them()
    {
        _server.Delay = TimeSpan.FromMilliseconds(20); // so that the two passes overlap
        using var nodeA = new TestPipeline(Catalog(60), crawl: new CrawlOptions { Node = "node-a", MaxConcurrentFetches = 2 });
        using var nodeB = new TestPipeline(Catalog(60), crawl: new CrawlOptions { Node = "node-b", MaxConcurrentFetches = 2 },
            databasePath: nodeA.DatabasePath);

        var passes = await Task.WhenAll(Task.Run(() => nodeA.Runner.RunDueAsync(CancellationToken.None)),
            Task.Run(() => nodeB.Runner.RunDueAsync(CancellationToken.None)));

        Assert.All(Enumerable.Range(1, 60), i => Assert.Equal(1, _server.Hits.GetValueOrDefault($"/gen/s{i}.xml")));
        Assert.Equal(60, passes.Sum(p => p.Count));
        Assert.All(passes, p => Assert.NotEmpty(p)); // each node took a share
        await using var connection = await nodeA.Database.OpenAsync();
        var byNode = (await connection.QueryAsync<(string Node, long Sources)>(
            "SELECT last_node, count(*) FROM sources WHERE claimed_by IS NULL GROUP BY last_node ORDER BY last_node")).ToList();
        Assert.Equal(["node-a", "node-b"], byNode.Select(n => n.Node));
        Assert.Equal(60, byNode.Sum(n => n.Sources));
        Assert.Equal(60, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM fetch_log WHERE node IN ('node-a', 'node-b')"));
        Assert.Equal("node-a", (await nodeA.HealthAsync(passes[0][0].SourceId)).LastNode);
        Assert.Equal("node-b", (await nodeA.HealthAsync(passes[1][0].SourceId)).LastNode);
    }

    [Fact]
    public async Task A_node_stopped_midway_gives_back_the_sources_it_had_not_crawled()
    {
        _server.Delay = TimeSpan.FromMilliseconds(200);
        using var pipeline = new TestPipeline(Catalog(20), crawl: new CrawlOptions { Node = "stopping", MaxConcurrentFetches = 1 });
        using var stop = new CancellationTokenSource();

        var pass = pipeline.Runner.RunDueAsync(stop.Token);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); _server.Hits.IsEmpty && DateTime.UtcNow < deadline;) await Task.Delay(10);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);

        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM sources WHERE claimed_by IS NOT NULL"));
        var due = await pipeline.Sources.ClaimDueAsync("other", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(30), limit: 100);
        Assert.InRange(due.Count, 16, 20); // all but the one or few crawled before the stop
    }
}
