using System.Net;
using System.Net.Http.Headers;
using PolicyWatch.Parsing;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Syndication;
using PolicyWatch.Tests.Web;

// Not PolicyWatch.Tests.Feeds: that would hide Support.Feeds (the fixture feed builder) from every other test.
namespace PolicyWatch.Tests.FeedsHttp;

/// <summary>One real host with stored items; its feeds are read over HTTP.</summary>
public sealed class FeedHostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;
    public Database Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Nothing is crawled (and the source is port 9, discard, should it be): the items below are the data, and every
        // statement on the database is a request's (NotModifiedReadsNoItemsTests traces them).
        Host = await RunningHost.StartAsync(TestCatalog.Json(new TestCatalog.Source("eu-news", new Uri("http://127.0.0.1:9/feed"))),
            "--Crawl:Enabled=false");
        Database = TestDatabases.Open(Path.Combine(Host.Folder, "data", "pw.db"));
        var lastWeek = DateTimeOffset.UtcNow.AddDays(-8);
        await StoredItems.InsertAsync(Database, new StoredItems.Row("one", "Council debates chat control", lastWeek) { Dossiers = ["eu-csam-regulation"] });
        await StoredItems.InsertAsync(Database, new StoredItems.Row("two", "Scanning \u0001 explained", lastWeek.AddHours(1)) { Topics = ["client-side-scanning"] });
        await StoredItems.InsertAsync(Database, new StoredItems.Row("uk", "Ofcom codes", lastWeek.AddHours(2)) { Jurisdictions = ["uk"] });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class FeedEndpointTests(FeedHostFixture fixture) : IClassFixture<FeedHostFixture>
{
    private readonly HttpClient _client = fixture.Host.Client;

    private async Task<ParsedFeed> ParseAsync(HttpResponseMessage response) =>
        FeedParser.Parse(await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.ToString(), response.RequestMessage!.RequestUri);

    [Theory]
    [InlineData("/feeds/j/eu.atom", "application/atom+xml")]
    [InlineData("/feeds/j/eu.rss", "application/rss+xml")]
    [InlineData("/feeds/j/eu.json", "application/feed+json")]
    public async Task A_jurisdiction_feed_has_its_items_in_each_format_with_content_type_and_cache_headers(string path, string mediaType)
    {
        var response = await _client.GetAsync(path);
        var feed = await ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.CacheControl!.MaxAge);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.False(feed.Bozo, feed.BozoReason);
        Assert.Equal(["Scanning  explained", "Council debates chat control"], feed.Entries.Select(e => e.Title));
        Assert.StartsWith("tag:", feed.Entries[0].Id);
        Assert.Contains("client-side-scanning", feed.Entries[0].Categories);
    }

    [Theory]
    [InlineData("/feeds/dossiers/eu-csam-regulation.atom", "Council debates chat control")]
    [InlineData("/feeds/topics/client-side-scanning.rss", "Scanning  explained")]
    [InlineData("/feeds/sources/eu-news.json?jurisdiction=uk", "Ofcom codes")]
    [InlineData("/feeds/timeline.atom?dossier=eu-csam-regulation&cursor=ignored", "Council debates chat control")]
    [InlineData("/feeds/search.atom?q=Ofcom", "Ofcom codes")]
    public async Task Every_view_has_a_feed(string path, string onlyTitle)
    {
        var feed = await ParseAsync(await _client.GetAsync(path));

        Assert.Equal([onlyTitle], feed.Entries.Select(e => e.Title));
    }

    [Theory]
    [InlineData("/feeds/j/xx.atom", HttpStatusCode.NotFound)]
    [InlineData("/feeds/dossiers/nope.rss", HttpStatusCode.NotFound)]
    [InlineData("/feeds/j/eu.xml", HttpStatusCode.NotFound)]
    [InlineData("/feeds/digest/monthly/j/eu.atom", HttpStatusCode.NotFound)]
    [InlineData("/feeds/digest/weekly/j/xx.atom", HttpStatusCode.NotFound)]
    [InlineData("/feeds/timeline.atom?jurisdiction=xx", HttpStatusCode.BadRequest)]
    [InlineData("/feeds/timeline.atom?kind=rumour", HttpStatusCode.BadRequest)]
    [InlineData("/feeds/timeline.atom?from=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("/feeds/search.atom", HttpStatusCode.BadRequest)]
    public async Task Unknown_ids_are_404_and_bad_filters_400(string path, HttpStatusCode status) =>
        Assert.Equal(status, (await _client.GetAsync(path)).StatusCode);

    [Theory]
    [InlineData("/feeds/j/eu.atom")]
    [InlineData("/feeds/digest/weekly/j/eu.rss")]
    public async Task Conditional_requests_get_304_until_something_changes(string path)
    {
        var first = await _client.GetAsync(path);
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;

        var byTag = new HttpRequestMessage(HttpMethod.Get, path);
        byTag.Headers.IfNoneMatch.Add(etag);
        var byDate = new HttpRequestMessage(HttpMethod.Get, path);
        byDate.Headers.IfModifiedSince = lastModified;
        var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        stale.Headers.IfModifiedSince = lastModified;

        var notModified = await _client.SendAsync(byTag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(byDate)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(stale)).StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await _client.GetStringAsync(path));
    }

    [Fact]
    public async Task A_new_item_changes_the_validators()
    {
        var before = (await _client.GetAsync("/feeds/topics/client-side-scanning.atom")).Headers.ETag!;
        await StoredItems.InsertAsync(fixture.Database, new StoredItems.Row("new", "Newer", DateTimeOffset.UtcNow.AddDays(-20)) { FirstSeenAt = DateTimeOffset.UtcNow });
        var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/topics/client-side-scanning.atom");
        request.Headers.IfNoneMatch.Add(before);

        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_weekly_digest_publishes_last_week_and_is_identical_across_requests()
    {
        var first = await _client.GetStringAsync("/feeds/digest/weekly/j/eu.atom");
        var second = await _client.GetStringAsync("/feeds/digest/weekly/j/eu.atom");

        Assert.Equal(first, second);
        Assert.Contains("Council debates chat control", first);
        Assert.Contains("/items/", first);
    }

    [Fact]
    public async Task The_feeds_page_and_the_opml_list_every_feed()
    {
        var page = await _client.GetStringAsync("/feeds");
        var opml = await _client.GetAsync("/feeds.opml");
        var outlines = PolicyWatch.Syndication.Opml.Read(await opml.Content.ReadAsStreamAsync()).SelectMany(o => o.Flatten()).ToList();

        Assert.Contains("/feeds/dossiers/eu-csam-regulation.atom", page);
        Assert.Contains("/feeds/digest/weekly/topics/client-side-scanning.json", page);
        Assert.Equal("text/x-opml", opml.Content.Headers.ContentType!.MediaType);
        Assert.Contains(outlines, o => o.XmlUrl is { } url && url.EndsWith("/feeds/j/eu.atom", StringComparison.Ordinal));
        Assert.Contains(outlines, o => o.XmlUrl is { } url && url.EndsWith("/feeds/digest/daily/dossiers/eu-csam-regulation.atom", StringComparison.Ordinal));
        foreach (var url in outlines.Where(o => o.XmlUrl is not null).Select(o => new Uri(o.XmlUrl!).PathAndQuery).Take(12))
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(url)).StatusCode);
    }
}
