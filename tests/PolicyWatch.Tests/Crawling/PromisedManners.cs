using PolicyWatch.Storage;
using PolicyWatch.Crawling;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// What the README promises about how crawls treat servers, each proven against a real server:
/// If-Modified-Since, Cache-Control max-age, Retry-After as an HTTP date, the global cap on fetches
/// in flight, and a redirect followed within the first host's turn.
/// </summary>
public sealed class PromisedManners : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Last_Modified_is_sent_back_as_If_Modified_Since_and_a_304_stores_nothing()
    {
        _server.Documents["dated.xml"] = Feeds.Rss("Dated", [Feeds.Item("d1", "Dated item")]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("dated", _server.Url("lastmod/dated.xml"))));

        var first = await pipeline.CrawlAsync("dated");
        var second = await pipeline.CrawlAsync("dated");

        Assert.Equal((1, 200), (first.New, first.HttpStatus));
        Assert.Equal("Mon, 01 Jan 2024 00:00:00 GMT", _server.LastHeaders["/lastmod/dated.xml"]["If-Modified-Since"]);
        Assert.Equal((0, 304, FetchOutcome.NotModified), (second.New, second.HttpStatus, second.Outcome));
    }

    [Fact]
    public async Task A_long_Cache_Control_max_age_from_the_response_defers_the_next_fetch()
    {
        _server.Documents["cached.xml"] = Feeds.Rss("Cached", [Feeds.Item("c1", "Cached item")]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("cached", _server.Url("cached/cached.xml"), Every: "15m")));
        var before = DateTimeOffset.UtcNow;

        await pipeline.CrawlAsync("cached");

        var next = (await pipeline.HealthAsync("cached")).NextFetchAt!.Value;
        Assert.True(next >= before.AddSeconds(7200 - 1), $"next fetch {next:O} should honour max-age=7200, not every 15m");
    }

    [Fact]
    public async Task Retry_After_given_as_an_HTTP_date_is_honoured()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("busy", _server.Url("busy-until"), Every: "15m")));
        var before = DateTimeOffset.UtcNow;

        var report = await pipeline.CrawlAsync("busy");

        Assert.Equal(503, report.HttpStatus);
        var next = (await pipeline.HealthAsync("busy")).NextFetchAt!.Value;
        Assert.True(next >= before.AddHours(3).AddSeconds(-5), $"next fetch {next:O} should wait for the Retry-After date three hours on");
    }

    [Fact]
    public async Task No_more_fetches_are_in_flight_than_Crawl_MaxConcurrentFetches_across_hosts()
    {
        var gauge = new InFlightGauge();
        var servers = new List<FixtureServer>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var server = await FixtureServer.StartAsync(gauge);
                server.Delay = TimeSpan.FromMilliseconds(200);
                servers.Add(server);
            }
            var sources = servers.Select((s, i) => new TestCatalog.Source($"h{i}", s.Url($"gen/h{i}.xml?items=3"))).ToArray();
            using var pipeline = new TestPipeline(TestCatalog.Json(sources), crawl: new CrawlOptions { MaxConcurrentFetches = 2 });

            var reports = await pipeline.Runner.RunAsync(pipeline.Catalog.Sources, null, CancellationToken.None);

            Assert.All(reports, r => Assert.True(r.Succeeded, r.Error));
            Assert.Equal(2, gauge.Max); // reached (the crawl is concurrent) and never passed
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_followed_within_the_first_hosts_turn()
    {
        await using var other = await FixtureServer.StartAsync();
        other.Delay = TimeSpan.FromMilliseconds(400);
        other.Documents["moved.xml"] = Feeds.Rss("Moved", [Feeds.Item("m1", "Moved item")]);
        _server.Documents["here.xml"] = Feeds.Rss("Here", [Feeds.Item("h1", "Here item")]);
        var moved = _server.Url($"redirect?to={Uri.EscapeDataString(other.Url("doc/moved.xml").ToString())}");
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("moved", moved), new TestCatalog.Source("here", _server.Url("doc/here.xml"))));

        var redirected = pipeline.CrawlAsync("moved");
        await WaitForAsync(() => other.Hits.ContainsKey("/doc/moved.xml"));
        var direct = await pipeline.CrawlAsync("here");
        await redirected;

        // The second request to the first host began only after the redirected body had been read.
        var movedServed = other.Arrivals.Single().At + other.Delay;
        var hereAsked = _server.Arrivals.Single(a => a.Path == "/doc/here.xml").At;
        Assert.True(direct.Succeeded && (await redirected).Succeeded);
        Assert.True(hereAsked >= movedServed.AddMilliseconds(-50), $"{hereAsked:O} should not be before {movedServed:O}");
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !condition() && DateTime.UtcNow < deadline;) await Task.Delay(5);
        Assert.True(condition());
    }
}
