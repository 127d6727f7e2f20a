using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// Every way a source can misbehave ends as a recorded failure on that source: a clear error,
/// no items, no crash, and the other sources still crawl.
/// </summary>
public sealed class SourceCrawlerFaultTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.Documents["good.xml"] = Feeds.Rss("Good", [Feeds.Item("g1", "A good item"), Feeds.Item("g2", "Another good item")]);
        _server.Documents["invalid.xml"] = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><<<not xml at all>>> &&& </rss";
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> Faults => new()
    {
        { "status/500", "HTTP 500" },
        { "status/404", "HTTP 404" },
        { "status/429", "HTTP 429" },
        { "slow", "timed out" },
        { "huge", "larger than the 10 MiB limit" },
        { "loop", "too many redirects" },
        { "html", "cannot read the feed" },
        { "empty", "cannot read the feed" },
        { "doc/invalid.xml", "cannot read the feed" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_misbehaving_source_is_recorded_as_failing_and_the_others_still_crawl(string path, string expectedError)
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(
            new TestCatalog.Source("bad", _server.Url(path)),
            new TestCatalog.Source("good", _server.Url("doc/good.xml"))));

        var reports = await pipeline.Runner.RunAsync(pipeline.Catalog.Sources, null, CancellationToken.None);

        var bad = reports.Single(r => r.SourceId == "bad");
        Assert.False(bad.Succeeded);
        Assert.Contains(expectedError, bad.Error);
        var health = await pipeline.HealthAsync("bad");
        Assert.Equal(SourceCondition.Failing, health.Status);
        Assert.Equal(1, health.FailuresInRow);
        Assert.Contains(expectedError, health.LastError);
        Assert.Equal(0, health.Items);
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM fetch_log WHERE source_id = 'bad' AND outcome = 'failed' AND error IS NOT NULL"));
        Assert.True(reports.Single(r => r.SourceId == "good").Succeeded);
        Assert.Equal(2, (await pipeline.HealthAsync("good")).Items);
    }

    [Fact]
    public async Task A_malformed_feed_that_still_yields_items_is_a_success_with_a_note()
    {
        _server.Documents["entities.xml"] = Feeds.Rss("E", [Feeds.Item("e1", "Chat control PLACEHOLDER vote")]).Replace("PLACEHOLDER", "&nbsp;&mdash;");
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("lenient", _server.Url("doc/entities.xml"))));

        var report = await pipeline.CrawlAsync("lenient");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(1, report.New);
        Assert.StartsWith("malformed feed, read leniently", report.Note);
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM fetch_log WHERE note LIKE 'malformed feed%' AND error IS NULL"));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items WHERE title = 'Chat control \u2014 vote'"));
    }

    [Fact]
    public async Task A_closed_port_is_a_recorded_connection_failure()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("closed", FixtureServer.ClosedPortUrl())));

        var report = await pipeline.CrawlAsync("closed");

        Assert.Contains("cannot connect", report.Error);
        Assert.Equal(SourceCondition.Failing, (await pipeline.HealthAsync("closed")).Status);
    }

    [Fact]
    public async Task Gone_410_marks_the_source_gone_and_it_is_never_due_again()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("gone", _server.Url("status/410"))));

        await pipeline.CrawlAsync("gone");

        Assert.Equal(SourceCondition.Gone, (await pipeline.HealthAsync("gone")).Status);
        Assert.Empty(await pipeline.Sources.DueAsync(DateTimeOffset.UtcNow.AddYears(1)));
    }

    [Fact]
    public async Task Retry_after_on_429_pushes_the_next_fetch_past_it()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("limited", _server.Url("status/429"), Every: "15m")));
        var before = DateTimeOffset.UtcNow;

        await pipeline.CrawlAsync("limited");

        var next = (await pipeline.HealthAsync("limited")).NextFetchAt!.Value;
        Assert.True(next >= before.AddSeconds(7200 - 1), $"next fetch {next:O} should honour Retry-After: 7200");
    }

    [Fact]
    public async Task Not_modified_304_is_a_success_that_stores_nothing_new()
    {
        _server.Documents["etag.xml"] = Feeds.Rss("Tagged", [Feeds.Item("e1", "Tagged item")]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("etag", _server.Url("etag/etag.xml"))));

        var first = await pipeline.CrawlAsync("etag");
        var second = await pipeline.CrawlAsync("etag");

        Assert.Equal((1, FetchOutcome.Ok), (first.New, first.Outcome));
        Assert.Equal("\"v1\"", _server.LastHeaders["/etag/etag.xml"]["If-None-Match"]);
        Assert.Equal((0, 304, FetchOutcome.NotModified), (second.New, second.HttpStatus, second.Outcome));
        Assert.True(second.Succeeded);
        Assert.Equal(0, (await pipeline.HealthAsync("etag")).FailuresInRow);
    }

    [Fact]
    public async Task Failures_in_a_row_count_up_and_reset_on_success()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("flaky", _server.Url("doc/flaky.xml"))));

        await pipeline.CrawlAsync("flaky");
        await pipeline.CrawlAsync("flaky");
        Assert.Equal(2, (await pipeline.HealthAsync("flaky")).FailuresInRow);

        _server.Documents["flaky.xml"] = Feeds.Rss("Flaky", [Feeds.Item("f1", "Back")]);
        await pipeline.CrawlAsync("flaky");
        var health = await pipeline.HealthAsync("flaky");
        Assert.Equal((0, SourceCondition.Ok, null), (health.FailuresInRow, health.Status, health.LastError));
        Assert.NotNull(health.LastSuccessAt);
    }
}
