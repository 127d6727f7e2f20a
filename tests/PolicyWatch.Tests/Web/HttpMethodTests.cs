using System.Net;
using System.Net.Http.Headers;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// The site is read-only: pages answer GET and HEAD and refuse every other method with 405 and Allow;
/// the API, exports, feeds and the health check answer HEAD exactly as GET, without the body.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class HttpMethodTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Host.Client;

    public static TheoryData<string> Pages() =>
        ["/", "/timeline", "/j/eu", "/dossiers", "/dossiers/eu-csam-regulation", "/topics/client-side-scanning", "/items/1", "/sources", "/about", "/feeds", "/error"];

    public static TheoryData<string> Endpoints() =>
    [
        "/healthz", "/api/items?jurisdiction=eu", "/api/dossiers", "/export.csv?source=uk-news", "/export.json?source=uk-news",
        "/feeds/timeline.atom", "/feeds/j/eu.rss", "/feeds/search.json?q=chat", "/feeds/dossiers/eu-csam-regulation.atom",
        "/feeds/topics/client-side-scanning.atom", "/feeds/sources/eu-news.atom", "/feeds/digest/weekly/j/eu.atom", "/feeds.opml",
    ];

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("TRACE")]
    [InlineData("OPTIONS")]
    [InlineData("BREW")]
    public async Task Pages_refuse_methods_other_than_GET_and_HEAD_with_405_and_Allow(string method)
    {
        foreach (var page in Pages())
        {
            var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), page));

            Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {page}: {(int)response.StatusCode}");
            Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
        }
    }

    [Fact]
    public async Task The_405_is_a_page_that_says_what_the_site_answers()
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/timeline"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET and HEAD", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_answer_HEAD_as_GET_without_a_body(string page) =>
        await AssertHeadAnswersAsGetAsync(page);

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoints_answer_HEAD_as_GET_without_a_body(string url) =>
        await AssertHeadAnswersAsGetAsync(url);

    [Theory]
    [InlineData("/api/items")]
    [InlineData("/export.csv")]
    [InlineData("/feeds/j/eu.atom")]
    [InlineData("/healthz")]
    public async Task Endpoints_refuse_other_methods_with_405_and_Allow(string url)
    {
        var response = await _client.PostAsync(url, new StringContent("x"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("/feeds/j/eu.atom")]
    [InlineData("/feeds/digest/weekly/j/eu.rss")]
    public async Task A_conditional_HEAD_on_a_feed_gets_304_as_a_GET_does(string url)
    {
        var etag = (await _client.GetAsync(url)).Headers.ETag!;
        var request = new HttpRequestMessage(HttpMethod.Head, url);
        request.Headers.IfNoneMatch.Add(etag);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag);
    }

    [Theory]
    [InlineData("/j/mars", HttpStatusCode.NotFound)]
    [InlineData("/timeline?to=2024-13-45", HttpStatusCode.BadRequest)]
    [InlineData("/api/items?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/feeds/j/mars.atom", HttpStatusCode.NotFound)]
    public async Task HEAD_gets_the_status_GET_gets_for_bad_addresses(string url, HttpStatusCode status)
    {
        Assert.Equal(status, (await _client.GetAsync(url)).StatusCode);
        Assert.Equal(status, (await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url))).StatusCode);
    }

    private async Task AssertHeadAnswersAsGetAsync(string url)
    {
        var get = await _client.GetAsync(url);
        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.True(head.StatusCode == HttpStatusCode.OK, $"HEAD {url}: {(int)head.StatusCode}");
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.LastModified, head.Content.Headers.LastModified);
        Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
        Assert.Equal(get.Content.Headers.ContentDisposition?.DispositionType, head.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
