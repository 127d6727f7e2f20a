using PolicyWatch.Crawling;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Syndication;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// Pages are archived whenever they are pending, not only in the fetch that found their item: an
/// item left over by a killed crawl, by the per-crawl bound or by a failing page is archived later.
/// </summary>
public sealed class PendingArchiveTests : IAsyncLifetime
{
    private FixtureServer _site = null!;
    private static readonly string Article = File.ReadAllText(TestPaths.TestData("Parsing", "Article", "testdata", "articles", "news-article.html"));

    public async Task InitializeAsync() => _site = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private string Source(bool extract) =>
        $$"""{ "id": "news", "name": "News", "url": "{{_site.Url("doc/feed.xml")}}", "jurisdiction": "eu", "every": "1h", "extract": {{(extract ? "true" : "false")}} }""";

    private void ServeFeed(int items, string pagePath = "doc")
    {
        _site.Documents["feed.xml"] = Feeds.Rss("News", Enumerable.Range(1, items).Select(i =>
        {
            _site.Documents[$"a{i}.html"] = Article;
            return Feeds.Item($"a{i}", $"Article {i}", DateTimeOffset.Parse("2024-01-01T00:00:00Z").AddDays(i), _site.Url($"{pagePath}/a{i}.html").ToString());
        }));
    }

    [Fact]
    public async Task Items_stored_without_their_pages_are_archived_by_a_later_crawl_that_finds_nothing_new()
    {
        ServeFeed(3);
        // The items are stored, their pages are not: as after a crawl killed between the two,
        // or a source whose "extract" was turned on later.
        using var before = new TestPipeline(TestCatalog.WithSourceJson(Source(extract: false)));
        Assert.Equal(3, (await before.CrawlAsync("news")).New);
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source(extract: true)), databasePath: before.DatabasePath);

        var report = await pipeline.CrawlAsync("news");

        Assert.Equal((0, 3), (report.New, report.Archived));
        Assert.Equal(3, await pipeline.CountAsync("SELECT count(*) FROM items WHERE archived_at IS NOT NULL"));
    }

    [Fact]
    public async Task Pages_beyond_the_per_crawl_bound_are_archived_by_the_next_crawls_newest_first()
    {
        ServeFeed(5);
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source(extract: true)), crawl: new CrawlOptions { MaxPagesPerCrawl = 2 });

        var first = await pipeline.CrawlAsync("news");
        var second = await pipeline.CrawlAsync("news");
        var third = await pipeline.CrawlAsync("news");

        Assert.Equal((5, 2), (first.New, first.Archived));
        Assert.Equal((0, 2), (second.New, second.Archived));
        Assert.Equal((0, 1), (third.New, third.Archived));
        Assert.Equal(2, await pipeline.CountAsync("SELECT count(*) FROM items WHERE archived_at IS NOT NULL AND guid IN ('a5', 'a4') AND archive_attempts = 1"));
    }

    [Fact]
    public async Task A_page_that_failed_is_tried_again_after_the_retry_time_and_not_before()
    {
        ServeFeed(1, pagePath: "flaky");
        _site.FlakyFailures["a1.html"] = 1;
        var clock = new StoredItems.Clock(DateTimeOffset.Parse("2024-03-01T00:00:00Z"));
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source(extract: true)), time: clock);

        var first = await pipeline.CrawlAsync("news");
        clock.Now += TimeSpan.FromHours(1);
        var early = await pipeline.CrawlAsync("news");
        clock.Now += pipeline.Crawl.ArchiveRetryAfter;
        var later = await pipeline.CrawlAsync("news");

        Assert.Equal(0, first.Archived);
        Assert.Equal(0, early.Archived);
        Assert.Equal(1, later.Archived);
        Assert.Equal(2, _site.Hits.GetValueOrDefault("/flaky/a1.html"));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items WHERE archive_error IS NULL AND archive_attempts = 2"));
    }
}
