using System.Diagnostics;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Support.Postgres;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// Two real PolicyWatch nodes (<c>serve</c>, each its own process) on one PostgreSQL database, crawling 200 sources
/// spread over ten hosts of a counting fixture server: between them every source is fetched exactly once, no host
/// ever has two requests in flight, each node crawls a share, and both serve the same pages and feeds. A node killed
/// with SIGKILL mid-crawl loses nothing: its sources go back to the pool when their lease runs out and the other
/// node crawls them.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestDatabases.Provider, TestDatabases.OwnDatabase)]
public sealed partial class ClusterCrawlTests(PostgresCluster cluster) : IAsyncLifetime
{
    private const int Sources = 200, Hosts = 10;

    /// <summary>Short, so the killed node's sources come back within the test; a real node keeps the default 30 min.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(8);

    private readonly List<FixtureServer> _servers = [];
    private readonly List<Node> _nodes = [];
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("policywatch-cluster-").FullName;
        for (var i = 0; i < Hosts; i++) _servers.Add(await FixtureServer.StartAsync());
        await File.WriteAllTextAsync(FeedsPath, TestCatalog.Json(Enumerable.Range(1, Sources)
            .Select(i => new TestCatalog.Source($"s{i:D3}", ServerOf(i).Url($"gen/s{i}.xml?items=2"), Every: "6h")).ToArray()));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) node.Dispose();
        foreach (var server in _servers) await server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string FeedsPath => Path.Combine(_folder, "feeds.json");

    private FixtureServer ServerOf(int source) => _servers[source % Hosts];

    private int Fetched(int source) => ServerOf(source).Hits.GetValueOrDefault($"/gen/s{source}.xml");

    [PostgresFact]
    public async Task Two_nodes_crawl_every_source_exactly_once_between_them_one_request_a_host_and_serve_the_same_site()
    {
        foreach (var server in _servers) server.Delay = TimeSpan.FromMilliseconds(40); // so the nodes' passes overlap
        var database = await cluster.CreateDatabaseAsync(nameof(ClusterCrawlTests));
        var a = await StartAsync("node-a", database);
        var b = await StartAsync("node-b", database);

        await EventuallyAsync(() => Enumerable.Range(1, Sources).All(i => Fetched(i) > 0), TimeSpan.FromSeconds(90), "every source fetched once");
        await EventuallyAsync(async () => await UnrecordedAsync(database) == 0, TimeSpan.FromSeconds(30), "every fetch recorded");

        Assert.All(Enumerable.Range(1, Sources), i => Assert.Equal(1, Fetched(i)));
        Assert.All(_servers, server => Assert.Equal(1, server.MaxInFlight));
        var byNode = await CrawledByNodeAsync(database);
        Assert.Equal(["node-a", "node-b"], byNode.Keys.Order());
        Assert.Equal(Sources, byNode.Values.Sum());
        foreach (var path in new[] { "/api/items?limit=100", "/feeds/timeline.atom", "/feeds/timeline.json" })
            Assert.Equal(await a.GetAsync(path), await b.GetAsync(path));
    }

    [PostgresFact]
    public async Task A_node_killed_mid_crawl_loses_nothing_its_sources_are_crawled_by_the_other_within_the_lease()
    {
        foreach (var server in _servers) server.Delay = TimeSpan.FromMilliseconds(150);
        var database = await cluster.CreateDatabaseAsync(nameof(ClusterCrawlTests));
        var doomed = await StartAsync("node-doomed", database);
        await StartAsync("node-survivor", database);
        await EventuallyAsync(() => _servers.Sum(s => s.Hits.Count) >= 30, TimeSpan.FromSeconds(60), "the crawl under way");

        doomed.Kill();
        var killedAt = Stopwatch.StartNew();
        var held = await HeldByAsync(database, "node-doomed");
        Assert.NotEmpty(held); // it died holding sources: the case this test is about

        await EventuallyAsync(() => Enumerable.Range(1, Sources).All(i => Fetched(i) > 0), Lease + TimeSpan.FromSeconds(90), "every source fetched");
        await EventuallyAsync(async () => await UnrecordedAsync(database) == 0, TimeSpan.FromSeconds(30), "every fetch recorded");
        Assert.All(_servers, server => Assert.Equal(1, server.MaxInFlight)); // never two at once, not even across the kill
        // Only what the dead node fetched but never recorded is fetched twice, and never before its lease ran out.
        var twice = Enumerable.Range(1, Sources).Where(i => Fetched(i) > 1).Select(i => $"s{i:D3}").ToList();
        Assert.All(twice, id => Assert.Contains(id, held));
        var byNode = await CrawledByNodeAsync(database);
        Assert.Equal(Sources, byNode.Values.Sum());
        Assert.True(byNode.GetValueOrDefault("node-survivor") > 0);
        Assert.True(killedAt.Elapsed < Lease + TimeSpan.FromSeconds(90));
    }

    private static readonly string[] SourceIds = Enumerable.Range(1, Sources).Select(i => $"s{i:D3}").ToArray();

    /// <summary>The test's sources whose last attempt is not recorded yet (the table holds others: curated milestones').</summary>
    private static async Task<long> UnrecordedAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sources WHERE id = ANY(@Ids) AND last_attempt_at IS NULL", new { Ids = SourceIds });
    }

    private static async Task<Dictionary<string, long>> CrawledByNodeAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        return (await connection.QueryAsync<(string Node, long Sources)>(
            "SELECT last_node, count(*) FROM sources WHERE id = ANY(@Ids) AND last_node IS NOT NULL GROUP BY last_node", new { Ids = SourceIds })).ToDictionary(r => r.Node, r => r.Sources);
    }

    private static async Task<List<string>> HeldByAsync(string database, string node)
    {
        await using var connection = new NpgsqlConnection(database);
        return (await connection.QueryAsync<string>("SELECT id FROM sources WHERE claimed_by = @Node", new { Node = node })).AsList();
    }

    private async Task<Node> StartAsync(string name, string database)
    {
        var process = CliProcess.Start("serve", "--feeds", FeedsPath, "--db", database, "--urls", "http://127.0.0.1:0",
            $"--Crawl:Node={name}", "--Crawl:WakeEvery=00:00:01", $"--Crawl:ClaimLease={Lease:c}", "--Crawl:MaxConcurrentFetches=3",
            "--History:Enabled=false", "--Archive:Enabled=false", "--Fetch:Timeout=00:00:05",
            // Behind one load balancer: absolute links name the site, not the node.
            "--Feeds:BaseUrl=https://policywatch.example/");
        var node = new Node(name, process);
        _nodes.Add(node);
        await node.ListeningAsync();
        return node;
    }

    private async Task EventuallyAsync(Func<bool> condition, TimeSpan within, string what) =>
        await EventuallyAsync(() => Task.FromResult(condition()), within, what);

    private async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        for (var deadline = DateTime.UtcNow + within; DateTime.UtcNow < deadline; await Task.Delay(100))
            if (await condition()) return;
        Assert.Fail($"timed out after {within.TotalSeconds:0} s waiting for {what}\n" +
            string.Join("\n", _nodes.Select(n => $"--- {n.Name}, last lines:\n{n.Tail(40)}")));
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    /// <summary>One <c>serve</c> process: its address (read from its log) and what it printed, for a failure's message.</summary>
    private sealed class Node : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
        private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };

        public Node(string name, Process process)
        {
            Name = name;
            _process = process;
            process.OutputDataReceived += (_, e) => Read(e.Data);
            process.ErrorDataReceived += (_, e) => Read(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => _address.TrySetException(new InvalidOperationException($"{Name} exited:\n{Output}"));
        }

        public string Name { get; }

        private string Output => string.Join('\n', _output);

        public string Tail(int lines) => string.Join('\n', _output.TakeLast(lines));

        private void Read(string? line)
        {
            if (line is null) return;
            _output.Enqueue(line);
            if (Listening().Match(line) is { Success: true } match) _address.TrySetResult(new Uri(match.Groups[1].Value));
        }

        public async Task ListeningAsync()
        {
            var started = await Task.WhenAny(_address.Task, Task.Delay(TimeSpan.FromSeconds(60)));
            if (started != _address.Task) throw new TimeoutException($"{Name} did not start listening within 60 s:\n{Output}");
            await _address.Task;
        }

        public async Task<string> GetAsync(string path)
        {
            using var response = await _client.GetAsync(new Uri(await _address.Task, path));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{Name} {path}: {(int)response.StatusCode}\n{body}");
            return body;
        }

        /// <summary>SIGKILL: no shutdown, no release of its claims, as a machine that loses power.</summary>
        public void Kill() => _process.Kill(entireProcessTree: true);

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
            _process.Dispose();
            _client.Dispose();
        }
    }
}
