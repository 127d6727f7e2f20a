using System.Net;
using System.Text.Json;
using PolicyWatch.Parsing;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// from and to at the edges of the calendar: days outside 1900–2200 are a 400 that says so on every
/// surface that reads the filter (pages, API, exports, feeds), never a 500 from date arithmetic.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class DateRangeTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Host.Client;

    public static TheoryData<string> EveryFilterSurface() =>
    [
        "/timeline?", "/j/eu?", "/dossiers/eu-csam-regulation?", "/topics/client-side-scanning?",
        "/api/items?", "/export.csv?", "/export.bib?", "/export.ris?", "/export.json?",
        "/feeds/timeline.atom?", "/feeds/j/eu.rss?", "/feeds/search.json?q=chat&",
    ];

    [Theory]
    [MemberData(nameof(EveryFilterSurface))]
    public async Task A_to_day_at_the_end_of_the_calendar_is_a_400_that_names_the_range(string surface) =>
        await AssertRefusedAsync(surface + "to=9999-12-31", "to must be a day between 1900-01-01 and 2200-12-31");

    [Theory]
    [MemberData(nameof(EveryFilterSurface))]
    public async Task A_from_day_at_the_start_of_the_calendar_is_a_400_that_names_the_range(string surface) =>
        await AssertRefusedAsync(surface + "from=0001-01-01", "from must be a day between 1900-01-01 and 2200-12-31");

    [Theory]
    [MemberData(nameof(EveryFilterSurface))]
    public async Task Days_just_outside_the_range_are_refused_and_its_edges_are_answered(string surface)
    {
        await AssertRefusedAsync(surface + "to=2201-01-01", "2200-12-31");
        await AssertRefusedAsync(surface + "from=1899-12-31", "1900-01-01");

        var edges = await _client.GetAsync(surface + "from=1900-01-01&to=2200-12-31");
        Assert.Equal(HttpStatusCode.OK, edges.StatusCode);
    }

    [Fact]
    public async Task A_feed_includes_its_to_day_as_the_page_it_was_linked_from_does()
    {
        const string view = "source=eu-news&from=2025-11-26&to=2025-11-26";
        var api = JsonDocument.Parse(await _client.GetStringAsync("/api/items?" + view)).RootElement.GetProperty("items");
        var feedResponse = await _client.GetAsync("/feeds/timeline.atom?" + view);
        var feed = FeedParser.Parse(await feedResponse.Content.ReadAsByteArrayAsync(), "application/atom+xml", feedResponse.RequestMessage!.RequestUri);

        Assert.Equal(["Council debates chat control & encryption"], api.EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        Assert.Equal(["Council debates chat control & encryption"], feed.Entries.Select(e => e.Title));
    }

    [Fact]
    public async Task A_feed_refuses_a_range_that_ends_before_it_starts_as_a_page_does() =>
        await AssertRefusedAsync("/feeds/timeline.atom?from=2025-01-02&to=2025-01-01", "from 2025-01-02 is after to 2025-01-01");

    private async Task AssertRefusedAsync(string url, string reason)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}
