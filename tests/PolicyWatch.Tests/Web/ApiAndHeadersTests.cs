using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyWatch.Tests.Web;

/// <summary>/api/items with every filter, its cursor and its "why"; the security headers; /sources and /about.</summary>
[Collection(SiteCollection.Name)]
public sealed partial class ApiAndHeadersTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Host.Client;

    private async Task<JsonElement> Api(string query) =>
        JsonDocument.Parse(await _client.GetStringAsync("/api/items" + query)).RootElement;

    [Fact]
    public async Task The_api_accepts_every_filter_and_q()
    {
        var items = (await Api("?jurisdiction=eu&dossier=eu-csam-regulation&source=eu-news&kind=article&from=2025-11-26&to=2025-11-26&q=debates"))
            .GetProperty("items");

        var item = Assert.Single(items.EnumerateArray());
        Assert.Equal(site.StoryId, item.GetProperty("id").GetInt64());
        Assert.Equal(["eu-csam-regulation"], item.GetProperty("dossiers").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(JsonValueKind.Array, item.GetProperty("topics").ValueKind);
        Assert.True(item.TryGetProperty("stage", out _));
        Assert.Single((await Api("?topic=client-side-scanning")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Each_api_item_says_why_it_is_tagged()
    {
        var item = (await Api("?q=debates&source=eu-news")).GetProperty("items")[0];

        var why = Assert.Single(item.GetProperty("why").EnumerateArray());
        Assert.Equal("eu-csam-regulation", why.GetProperty("tag").GetString());
        Assert.Equal("chat control", why.GetProperty("phrase").GetString());
        Assert.Equal("title", why.GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_api_pages_with_a_next_cursor_until_it_is_null()
    {
        var ids = new HashSet<long>();
        string? cursor = null;
        do
        {
            var page = await Api("?source=eu-news&limit=25" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            foreach (var item in page.GetProperty("items").EnumerateArray()) Assert.True(ids.Add(item.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("next").GetString();
        } while (cursor is not null);

        Assert.Equal(SiteFixture.EuNotes + 2, ids.Count);
    }

    [Theory]
    [InlineData("?cursor=tampered")]
    [InlineData("?from=99999-01-01")]
    [InlineData("?from=2025-02-01&to=2025-01-01")]
    [InlineData("?jurisdiction=mars")]
    [InlineData("?kind=1")]
    [InlineData("?limit=0")]
    public async Task Bad_api_queries_are_400(string query) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/items" + query)).StatusCode);

    [Theory]
    [InlineData("/")]
    [InlineData("/j/eu")]
    [InlineData("/items/1")]
    [InlineData("/j/mars")]
    [InlineData("/timeline?from=99999-01-01")]
    [InlineData("/api/items")]
    [InlineData("/export.csv?source=uk-news")]
    [InlineData("/css/site.css")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var response = await _client.GetAsync(url);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'" })
            Assert.Contains(directive, csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/j/eu?q=debates")]
    [InlineData("/dossiers/eu-csam-regulation")]
    [InlineData("/sources")]
    [InlineData("/about")]
    [InlineData("/items/1")]
    public async Task Pages_have_no_inline_script_or_style_the_policy_would_block(string url)
    {
        var html = await _client.GetStringAsync(url);

        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(StyleAttribute(), html);
        Assert.DoesNotContain("<style", html);
    }

    [Fact]
    public async Task The_sources_page_sorts_failing_first_and_by_name_on_request()
    {
        var byStatus = await _client.GetStringAsync("/sources");
        Assert.True(byStatus.IndexOf("id=\"broken\"", StringComparison.Ordinal) < byStatus.IndexOf("id=\"bulk\"", StringComparison.Ordinal));
        Assert.Contains("id=\"broken\" class=\"status-failing\"", byStatus);

        var byName = await _client.GetStringAsync("/sources?sort=name");
        var order = new[] { "broken", "bulk", "eu-news", "uk-news", "wire" }.Select(id => byName.IndexOf($"id=\"{id}\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(order.Order(), order);
        Assert.Contains("<strong aria-current=\"true\">Name</strong>", byName);
    }

    [Fact]
    public async Task The_about_page_says_what_is_tracked_and_how_tagging_works()
    {
        var html = WebUtility.HtmlDecode(await _client.GetStringAsync("/about"));

        Assert.Contains("<a href=\"/dossiers/eu-csam-regulation\">EU CSAM Regulation</a>", html);
        Assert.Contains("<a href=\"/topics/client-side-scanning\">Client-side scanning</a>", html);
        Assert.Contains("<a href=\"/j/us\">United States</a>", html);
        Assert.Contains("“chat control”", html);
        Assert.Contains("An item that matches no dossier or topic has no jurisdiction, unless it names another law", html);
    }

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\sstyle=\"", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();
}
