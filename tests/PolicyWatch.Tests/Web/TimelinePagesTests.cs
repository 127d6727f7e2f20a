using System.Net;
using System.Text.RegularExpressions;

namespace PolicyWatch.Tests.Web;

/// <summary>The overview and the timelines: filters, paging, the chart, search, feed links and empty states.</summary>
[Collection(SiteCollection.Name)]
public sealed partial class TimelinePagesTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Host.Client;

    private async Task<string> Html(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_overview_shows_each_jurisdiction_with_its_latest_items_and_milestones()
    {
        var html = await Html("/");

        foreach (var name in new[] { "United Kingdom", "European Union", "United States", "Global" })
            Assert.Contains(name, html);
        Assert.Contains("Latest milestones", html);
        Assert.Contains("Committee vote on the regulation", html);
        Assert.Contains("Council debates chat control &amp; encryption", html);
        Assert.Contains("Nothing yet.", html); // Global: the untagged weather item has no jurisdiction
    }

    // 60 notes, the story and the wire's copy of it (one story: the link is the same), 250 bulk items about chat control,
    // the milestone; the newsletter matched nothing, so it has no jurisdiction.
    [Theory]
    [InlineData("/j/eu", SiteFixture.EuNotes + 1 + SiteFixture.BulkItems + 1)]
    [InlineData("/j/eu?stories=expand", SiteFixture.EuNotes + 2 + SiteFixture.BulkItems + 1)]
    public async Task A_jurisdiction_timeline_has_fifty_items_a_page_and_an_older_link_that_reaches_every_story_or_item(string first, int expected)
    {
        var seen = new HashSet<string>();
        var url = first;
        for (var pages = 0; url is not null; pages++)
        {
            Assert.True(pages < 20, "paging never ended");
            var html = await Html(url);
            var items = ItemIds().Matches(html).Select(m => m.Groups[1].Value).ToList();
            Assert.True(items.Count <= 50);
            Assert.All(items, id => Assert.True(seen.Add(id), $"item {id} shown twice"));
            var older = OlderLink().Match(html);
            if (older.Success) Assert.Equal(50, items.Count);
            url = older.Success ? WebUtility.HtmlDecode(older.Groups[1].Value) : null;
            if (url is not null) Assert.StartsWith(first + (first.Contains('?') ? "&" : "?") + "cursor=", url);
        }
        Assert.Equal(expected, seen.Count);
    }

    [Fact]
    public async Task Timelines_group_by_month_and_day_and_milestones_stand_out()
    {
        var html = await Html("/dossiers/eu-csam-regulation?kind=milestone");

        Assert.Contains("<h2 class=\"month\">February 2024</h2>", html);
        Assert.Contains("class=\"item kind-milestone\"", html);
        Assert.Contains("<strong>milestones</strong>", html);
        Assert.DoesNotContain("Weekly note", html);
    }

    [Fact]
    public async Task Each_timeline_starts_with_an_activity_chart_of_weekly_bars_and_milestone_markers()
    {
        var html = await Html("/dossiers/eu-csam-regulation");

        var svg = Regex.Match(html, "<svg class=\"activity\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Contains("<rect class=\"bar\"", svg);
        Assert.Contains("class=\"marker marker-milestone\"", svg);
        Assert.Contains("Committee vote on the regulation (milestone)", svg);
        Assert.Contains("aria-label=\"Items per week", svg);
        Assert.DoesNotContain("<script", svg);
    }

    [Fact]
    public async Task Any_combination_of_filters_is_a_timeline_with_each_filter_shown_and_removable()
    {
        var html = await Html("/timeline?jurisdiction=eu&source=eu-news&kind=article&from=2025-11-01&to=2025-11-30");
        var withoutJurisdiction = await Html("/timeline?source=eu-news&kind=article&from=2025-11-01&to=2025-11-30");

        Assert.Contains("Council debates chat control &amp; encryption", html);
        Assert.DoesNotContain("A privacy newsletter", html); // it matched nothing, so it has no jurisdiction
        Assert.Contains("A privacy newsletter", withoutJurisdiction);
        Assert.DoesNotContain("Wire: Council", html);
        Assert.DoesNotContain("Weekly note", html);
        Assert.Contains("Jurisdiction: European Union", html);
        Assert.Contains("Source: Source eu-news", html);
        Assert.Contains("To 2025-11-30 (inclusive)", html);
        Assert.Contains("href=\"/timeline?source=eu-news&amp;kind=article&amp;from=2025-11-01&amp;to=2025-11-30\"", html);
        Assert.Contains("href=\"/j/eu?kind=article&amp;from=2025-11-01&amp;to=2025-11-30\"", html);
    }

    [Fact]
    public async Task Topic_and_dossier_timelines_show_what_their_phrases_tagged()
    {
        var topic = await Html("/topics/client-side-scanning");
        Assert.Contains("Ofcom codes on client-side scanning published", topic);
        Assert.DoesNotContain("Weekly note", topic);

        var dossier = await Html("/dossiers/eu-csam-regulation?source=wire");
        Assert.Contains("Wire: Council debates chat control", dossier);
        Assert.DoesNotContain("Weather today", dossier);
    }

    [Fact]
    public async Task A_search_marks_its_words_and_keeps_the_filters()
    {
        var html = await Html("/j/eu?q=debates");

        Assert.Contains("<mark>debates</mark>", html);
        Assert.Contains("Search: debates", html);
        Assert.DoesNotContain("Weekly note", html);
        Assert.Contains("value=\"debates\"", html);
    }

    [Theory]
    [InlineData("\"unbalanced", HttpStatusCode.BadRequest)]
    [InlineData("AND", HttpStatusCode.BadRequest)]
    [InlineData("chat NOT", HttpStatusCode.BadRequest)]
    [InlineData("(*", HttpStatusCode.BadRequest)]
    [InlineData("title:", HttpStatusCode.OK)] // read as the word "title": a search that runs
    public async Task A_search_that_cannot_be_understood_gets_a_friendly_word_never_a_500(string q, HttpStatusCode expected)
    {
        var response = await _client.GetAsync("/timeline?q=" + Uri.EscapeDataString(q));

        Assert.Equal(expected, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        if (expected == HttpStatusCode.BadRequest) Assert.Contains("This search cannot be understood", html);
        else Assert.DoesNotContain("This search cannot be understood", html);
        Assert.Contains("name=\"q\"", html);
    }

    [Fact]
    public async Task Empty_views_say_so_and_how_to_widen_them()
    {
        Assert.Contains("Nothing matches this view", await Html("/j/global"));
        var search = await Html("/timeline?q=zzzznotaword&jurisdiction=uk");
        Assert.Contains("Nothing matches this view", search);
        Assert.Contains("removing a filter above widens the view", search);
    }

    [Fact]
    public async Task Every_view_links_its_feeds_for_autodiscovery_and_visibly()
    {
        var jurisdiction = await Html("/j/eu");
        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed of this view\" href=\"/feeds/j/eu.atom\">", jurisdiction);
        Assert.Contains("href=\"/feeds/j/eu.rss\"", jurisdiction);
        Assert.Contains("href=\"/feeds/j/eu.json\"", jurisdiction);
        Assert.Contains("class=\"subscribe\" href=\"/feeds/j/eu.atom\"", jurisdiction);

        var combined = await Html("/timeline?jurisdiction=eu&q=debates");
        Assert.Contains("type=\"application/atom+xml\" title=\"Atom feed of this view\" href=\"/feeds/timeline.atom?jurisdiction=eu&amp;q=debates\"", combined);

        foreach (var page in new[] { "/", "/sources", "/about", "/dossiers", $"/items/{site.StoryId}" })
            Assert.Contains("rel=\"alternate\" type=\"application/atom+xml\"", await Html(page));
    }

    [Fact]
    public async Task Every_view_offers_its_exports_with_the_same_filters()
    {
        var html = await Html("/dossiers/eu-csam-regulation?kind=article");

        foreach (var extension in new[] { "csv", "bib", "ris", "json" })
            Assert.Contains($"href=\"/export.{extension}?dossier=eu-csam-regulation&amp;kind=article\"", html);
    }

    [Fact]
    public async Task Unknown_ids_in_paths_are_a_404_page()
    {
        foreach (var url in new[] { "/j/mars", "/dossiers/nope", "/topics/nope", "/items/999999", "/items/abc", "/export.pdf" })
        {
            var response = await _client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            if (!url.StartsWith("/export", StringComparison.Ordinal)) Assert.Contains("Not found", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("/timeline?from=99999-01-01", "YYYY-MM-DD")]
    [InlineData("/j/eu?to=2024-13-45", "YYYY-MM-DD")]
    [InlineData("/timeline?from=2025-01-02&to=2025-01-01", "from 2025-01-02 is after to 2025-01-01")]
    [InlineData("/timeline?dossier=nope", "there is no dossier &quot;nope&quot;")]
    [InlineData("/timeline?jurisdiction=mars", "there is no jurisdiction")]
    [InlineData("/timeline?kind=rumour", "kind must be")]
    [InlineData("/timeline?order=random", "order must be")]
    [InlineData("/j/eu?cursor=not-a-cursor", "cursor")]
    [InlineData("/dossiers/eu-csam-regulation?cursor=ZHwyMDI0fHg", "cursor")]
    public async Task Bad_addresses_are_a_400_page_that_says_why(string url, string reason)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("That request cannot be answered", html);
        Assert.Contains(reason, html);
    }

    [Fact]
    public async Task A_feed_refuses_a_kind_with_the_reason_a_page_gives()
    {
        var response = await _client.GetAsync("/feeds/timeline.atom?kind=rumour");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("kind must be article, legislative or milestone, not \"rumour\"", problem.GetProperty("detail").GetString());
    }

    [GeneratedRegex("class=\"details\" href=\"/items/(\\d+)\"")]
    private static partial Regex ItemIds();

    [GeneratedRegex("<a rel=\"next\" href=\"([^\"]+)\">Older")]
    private static partial Regex OlderLink();
}
