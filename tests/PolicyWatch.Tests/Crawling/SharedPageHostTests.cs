using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// Two feeds on different hosts whose article pages live on one host (a publisher's feeds on a
/// CDN, its pages on www): the crawl runner puts them in different groups, yet the page host
/// must still see one request at a time.
/// </summary>
public sealed class SharedPageHostTests : IAsyncLifetime
{
    private const int ItemsPerFeed = 4;
    private FixtureServer _feedHost = null!;
    private FixtureServer _pageHost = null!;

    public async Task InitializeAsync()
    {
        _feedHost = await FixtureServer.StartAsync();
        _pageHost = await FixtureServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _feedHost.DisposeAsync();
        await _pageHost.DisposeAsync();
    }

    [Fact]
    public async Task Article_pages_on_one_host_are_fetched_one_at_a_time_across_sources()
    {
        _pageHost.Delay = TimeSpan.FromMilliseconds(100);
        _feedHost.Documents["a.xml"] = FeedLinkingPages("a");
        _pageHost.Documents["b.xml"] = FeedLinkingPages("b");
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(
            ExtractingSource("a", _feedHost.Url("doc/a.xml")),
            ExtractingSource("b", _pageHost.Url("doc/b.xml"))));

        var reports = await pipeline.Runner.RunAsync(pipeline.Catalog.Sources, null, CancellationToken.None);

        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.True(r.Succeeded, r.Error));
        Assert.All(reports, r => Assert.Equal((ItemsPerFeed, ItemsPerFeed), (r.New, r.Archived)));
        Assert.Equal(2 * ItemsPerFeed + 1, _pageHost.Hits.Values.Sum());
        Assert.Equal(1, _pageHost.MaxInFlight);
    }

    /// <summary>A feed whose items link to article pages on the page host (served by it, delayed).</summary>
    private string FeedLinkingPages(string feed)
    {
        var items = Enumerable.Range(1, ItemsPerFeed).Select(i =>
        {
            var page = $"{feed}-{i}.html";
            _pageHost.Documents[page] = Article;
            return Feeds.Item($"{feed}-{i}", $"{feed} item {i}", link: _pageHost.Url($"doc/{page}").ToString());
        });
        return Feeds.Rss(feed, items);
    }

    private static readonly string Article = File.ReadAllText(TestPaths.TestData("Parsing", "Article", "testdata", "articles", "news-article.html"));

    private static string ExtractingSource(string id, Uri feed) =>
        $$"""{ "id": "{{id}}", "name": "Source {{id}}", "url": "{{feed}}", "jurisdiction": "eu", "every": "1h", "extract": true }""";
}
