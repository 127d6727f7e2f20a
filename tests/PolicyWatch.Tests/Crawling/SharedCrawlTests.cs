using Dapper;
using PolicyWatch.Crawling;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// Several nodes on one database: each takes the due sources it crawls, so together they crawl every due source
/// exactly once, never one source at once, and never two requests to one host at once; a node that stops gives its
/// sources back.
/// </summary>
public sealed class SharedCrawlTests : IAsyncLifetime
{
    /// <summary>Sources are due from the moment they are added (now, in real time).</summary>
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddMinutes(1);

    /// <summary>Hosts, each a server of its own port (a host is its authority, port included).</summary>
    private readonly List<FixtureServer> _servers = [];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 6; i++) _servers.Add(await FixtureServer.StartAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
    }

    private FixtureServer ServerOf(int source) => _servers[source % _servers.Count];

    private string Catalog(int sources, int hosts = 6) =>
        TestCatalog.Json(Enumerable.Range(1, sources)
            .Select(i => new TestCatalog.Source($"s{i:D3}", _servers[i % hosts].Url($"gen/s{i}.xml?items=2"))).ToArray());

    [Fact]
    public async Task A_source_taken_by_one_node_is_not_taken_by_another_until_its_lease_runs_out_or_its_fetch_is_recorded()
    {
        using var pipeline = new TestPipeline(Catalog(3)); // every source on a host of its own
        var lease = Now.AddMinutes(30);

        var a = await pipeline.Sources.ClaimDueAsync("a", Now, lease, limit: 2, hosts: 10);
        var b = await pipeline.Sources.ClaimDueAsync("b", Now, lease, limit: 10, hosts: 10);

        Assert.Equal(["s001", "s002"], a);
        Assert.Equal(["s003"], b);
        Assert.Empty(await pipeline.Sources.ClaimDueAsync("b", Now.AddMinutes(29), lease, limit: 10, hosts: 10));
        Assert.Equal(["s001", "s002", "s003"], await pipeline.Sources.ClaimDueAsync("b", lease, lease.AddMinutes(30), limit: 10, hosts: 10)); // a's lease ran out

        await pipeline.Sources.ReleaseAsync("a", ["s001"]); // not a's any more: nothing happens
        Assert.Empty(await pipeline.Sources.ClaimDueAsync("a", lease, lease.AddMinutes(30), limit: 10, hosts: 10));
        await pipeline.Sources.ReleaseAsync("b", ["s001"]);
        Assert.Equal(["s001"], await pipeline.Sources.ClaimDueAsync("a", lease, lease.AddMinutes(30), limit: 10, hosts: 10));
    }

    [Fact]
    public async Task A_host_one_node_holds_a_source_of_is_left_to_that_node_until_it_gives_the_source_back()
    {
        using var pipeline = new TestPipeline(Catalog(4, hosts: 2)); // s001, s003 on one host; s002, s004 on another
        var lease = Now.AddMinutes(30);

        Assert.Equal(["s001"], await pipeline.Sources.ClaimDueAsync("a", Now, lease, limit: 1, hosts: 2));
        // b may not take s003 (a holds its host) but takes the other host's sources; a may take more of its own host.
        Assert.Equal(["s002", "s004"], await pipeline.Sources.ClaimDueAsync("b", Now, lease, limit: 10, hosts: 2));
        Assert.Equal(["s003"], await pipeline.Sources.ClaimDueAsync("a", Now, lease, limit: 10, hosts: 2));
        await pipeline.Sources.ReleaseAsync("a", ["s003"]);
        Assert.Empty(await pipeline.Sources.ClaimDueAsync("b", Now, lease, limit: 10, hosts: 2)); // a still holds s001
        await pipeline.Sources.ReleaseAsync("a", ["s001"]);
        Assert.Equal(["s001", "s003"], await pipeline.Sources.ClaimDueAsync("b", Now, lease, limit: 10, hosts: 2));
    }

    [Fact]
    public async Task A_node_takes_the_sources_of_as_many_hosts_as_it_has_fetch_slots_and_leaves_the_rest()
    {
        using var pipeline = new TestPipeline(Catalog(6, hosts: 3)); // s001, s004 on one host; s002, s005 on another; s003, s006 on a third

        Assert.Equal(["s001", "s002", "s004", "s005"], await pipeline.Sources.ClaimDueAsync("a", Now, Now.AddMinutes(30), limit: 10, hosts: 2));
        Assert.Equal(["s003", "s006"], await pipeline.Sources.ClaimDueAsync("b", Now, Now.AddMinutes(30), limit: 10, hosts: 2));
    }

    [Fact]
    public async Task A_source_moved_to_another_host_in_feeds_json_is_held_to_its_new_host_from_the_next_sync()
    {
        using var pipeline = new TestPipeline(Catalog(2)); // s001 and s002 on hosts of their own
        var lease = Now.AddMinutes(30);
        Assert.Equal(["s001"], await pipeline.Sources.ClaimDueAsync("a", Now, lease, limit: 1, hosts: 10));

        await pipeline.SyncAsync(TestCatalog.Json(
            new TestCatalog.Source("s001", _servers[1].Url("gen/s1.xml?items=2")),
            new TestCatalog.Source("s002", _servers[1].Url("gen/s2.xml?items=2"))), Now); // s002 moves onto s001's host

        Assert.Empty(await pipeline.Sources.ClaimDueAsync("b", Now, lease, limit: 10, hosts: 10)); // a holds that host now
        await pipeline.Sources.ReleaseAsync("a", ["s001"]);
        Assert.Equal(["s001", "s002"], await pipeline.Sources.ClaimDueAsync("b", Now, lease, limit: 10, hosts: 1));
    }

    [Fact]
    public async Task A_source_whose_host_is_not_known_yet_is_not_taken_and_holds_up_nobody_until_the_sync_writes_its_host()
    {
        using var pipeline = new TestPipeline(Catalog(3)); // s001, s002 and s003 on hosts of their own
        var lease = Now.AddMinutes(30);
        Assert.Equal(["s001"], await pipeline.Sources.ClaimDueAsync("a", Now, lease, limit: 1, hosts: 10));
        // As rows stored before hosts were kept, until the sync that follows the migration at start-up.
        await pipeline.CountAsync("UPDATE sources SET host = NULL WHERE id IN ('s001', 's002')");

        // s002 neither taken nor counted as b's one host; a's s001, of no known host, keeps nobody from s003.
        Assert.Equal(["s003"], await pipeline.Sources.ClaimDueAsync("b", Now, lease, limit: 10, hosts: 1));

        await pipeline.SyncAsync(Catalog(3), Now);
        await pipeline.Sources.ReleaseAsync("a", ["s001"]);
        Assert.Equal(["s001", "s002"], await pipeline.Sources.ClaimDueAsync("c", Now, lease, limit: 10, hosts: 2));
    }

    [Fact]
    public async Task Two_nodes_sharing_one_database_crawl_every_due_source_exactly_once_between_them()
    {
        foreach (var server in _servers) server.Delay = TimeSpan.FromMilliseconds(20); // so that the two passes overlap
        using var nodeA = new TestPipeline(Catalog(60), crawl: new CrawlOptions { Node = "node-a", MaxConcurrentFetches = 2 });
        using var nodeB = new TestPipeline(Catalog(60), crawl: new CrawlOptions { Node = "node-b", MaxConcurrentFetches = 2 },
            databasePath: nodeA.DatabasePath);

        var passes = await Task.WhenAll(Task.Run(() => nodeA.Runner.RunDueAsync(CancellationToken.None)),
            Task.Run(() => nodeB.Runner.RunDueAsync(CancellationToken.None)));

        Assert.All(Enumerable.Range(1, 60), i => Assert.Equal(1, ServerOf(i).Hits.GetValueOrDefault($"/gen/s{i}.xml")));
        Assert.All(_servers, server => Assert.Equal(1, server.MaxInFlight)); // one request to a host at a time, across nodes
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
        _servers[0].Delay = TimeSpan.FromMilliseconds(200);
        using var pipeline = new TestPipeline(Catalog(20, hosts: 1), crawl: new CrawlOptions { Node = "stopping", MaxConcurrentFetches = 1 });
        using var stop = new CancellationTokenSource();

        var pass = pipeline.Runner.RunDueAsync(stop.Token);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); _servers[0].Hits.IsEmpty && DateTime.UtcNow < deadline;) await Task.Delay(10);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);

        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM sources WHERE claimed_by IS NOT NULL"));
        var due = await pipeline.Sources.ClaimDueAsync("other", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(30), limit: 100, hosts: 100);
        Assert.InRange(due.Count, 16, 20); // all but the one or few crawled before the stop
    }
}
