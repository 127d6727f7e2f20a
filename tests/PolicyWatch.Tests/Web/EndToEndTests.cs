using System.Net;
using System.Text.Json;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Web;

/// <summary>One real host, its scheduler and a fixture server, shared by the end-to-end tests.</summary>
public sealed class CrawledSiteFixture : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public RunningHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.Documents["eu.xml"] = Feeds.Rss("EU news", [
            Feeds.Item("eu-1", "Council <b>debates</b> chat control & encryption", new DateTimeOffset(2025, 11, 26, 10, 0, 0, TimeSpan.Zero)),
            Feeds.Item("eu-2", "Parliament committee votes on chat control", new DateTimeOffset(2023, 11, 14, 16, 30, 0, TimeSpan.Zero)),
        ]);
        _server.Documents["general.xml"] = Feeds.Rss("General", [
            Feeds.Item("g-1", "Phone reviewed"), Feeds.Item("g-2", "Client-side scanning debate returns"), Feeds.Item("g-3", "Football results")]);
        _server.Documents["uk.xml"] = Feeds.Rss("UK news", [Feeds.Item("uk-1", "Ofcom codes on client-side scanning published", new DateTimeOffset(2024, 12, 16, 9, 0, 0, TimeSpan.Zero))]);
        Host = await RunningHost.StartAsync(TestCatalog.Json(
            new TestCatalog.Source("eu-news", _server.Url("doc/eu.xml"), "eu"),
            new TestCatalog.Source("uk-news", _server.Url("doc/uk.xml"), "uk"),
            new TestCatalog.Source("broken", _server.Url("status/500"), "uk"),
            new TestCatalog.Source("general", _server.Url("doc/general.xml"), "global", Keep: "matching")), "--Crawl:Node=node-e2e");
        await RunningHost.EventuallyAsync(async () => await Host.Client.GetStringAsync("/api/items") is var json
            && JsonDocument.Parse(json).RootElement.GetProperty("items").GetArrayLength() == 4, "the scheduler's first crawl");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _server.DisposeAsync();
    }
}

/// <summary>The real host crawls a fixture server on its schedule; then the site and the API show what it stored.</summary>
public sealed class EndToEndTests(CrawledSiteFixture site) : IClassFixture<CrawledSiteFixture>
{
    private readonly RunningHost _host = site.Host;

    private async Task<JsonElement> Items(string query)
    {
        var json = await _host.Client.GetStringAsync($"/api/items{query}");
        return JsonDocument.Parse(json).RootElement.GetProperty("items");
    }

    [Fact]
    public async Task The_api_lists_items_newest_first_with_stable_field_names()
    {
        var items = await Items("?jurisdiction=eu");

        Assert.Equal(2, items.GetArrayLength());
        var first = items[0];
        Assert.Equal("Council debates chat control & encryption", first.GetProperty("title").GetString());
        Assert.Equal("2025-11-26T10:00:00Z", first.GetProperty("publishedAt").GetString());
        Assert.Equal("eu-news", first.GetProperty("source").GetString());
        Assert.Equal("article", first.GetProperty("kind").GetString());
        Assert.Equal("https://example.org/eu-1", first.GetProperty("url").GetString());
        Assert.Equal(["eu"], first.GetProperty("jurisdictions").EnumerateArray().Select(j => j.GetString()));
        Assert.True(first.GetProperty("id").GetInt64() > 0);
        Assert.NotNull(first.GetProperty("firstSeenAt").GetString());
        Assert.Equal("2023-11-14T16:30:00Z", items[1].GetProperty("publishedAt").GetString());
    }

    [Fact]
    public async Task The_api_filters_by_source_and_limits()
    {
        Assert.Equal(1, (await Items("?source=uk-news")).GetArrayLength());
        Assert.Equal(1, (await Items("?limit=1")).GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Client.GetAsync("/api/items?limit=0")).StatusCode);
    }

    [Fact]
    public async Task The_jurisdiction_timeline_shows_its_items_grouped_by_day_with_source_and_link()
    {
        var html = await _host.Client.GetStringAsync("/j/eu");

        Assert.Contains("<h1>European Union</h1>", html);
        Assert.Contains("Council debates chat control &amp; encryption", html);
        Assert.Contains("href=\"https://example.org/eu-1\"", html);
        Assert.Contains("Source eu-news", html);
        Assert.Contains("Wednesday 26 November 2025", html);
        Assert.DoesNotContain("Ofcom codes on client-side scanning published", html);
        Assert.True(html.IndexOf("Council debates", StringComparison.Ordinal) < html.IndexOf("Parliament committee votes on chat control", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_overview_lists_every_jurisdiction_with_its_latest_items()
    {
        var html = await _host.Client.GetStringAsync("/");

        foreach (var name in new[] { "United Kingdom", "European Union", "United States", "Global" })
            Assert.Contains(name, html);
        Assert.Contains("Ofcom codes on client-side scanning published", html);
    }

    [Fact]
    public async Task The_sources_page_shows_health_and_the_last_error()
    {
        var html = await _host.Client.GetStringAsync("/sources");

        Assert.Contains("id=\"broken\" class=\"status-failing\"", html);
        Assert.Contains("HTTP 500", html);
        Assert.Contains("id=\"eu-news\" class=\"status-ok\"", html);
        Assert.Matches("id=\"general\"[\\s\\S]*?<td>1</td>\\s*<td>2</td>", html); // 1 item kept, 2 skipped as off-topic
        Assert.Matches("id=\"eu-news\"[\\s\\S]*?<small class=\"node\">by node-e2e</small>", html); // the node that crawled it
    }

    [Fact]
    public async Task Unknown_jurisdictions_are_a_404_page_and_health_is_200()
    {
        var missing = await _host.Client.GetAsync("/j/mars");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Not found", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/css/site.css")).StatusCode);
    }
}

/// <summary>A fresh install, before any crawl: the shipped dossiers already show their curated milestones.</summary>
public sealed class FreshInstallTests : IAsyncLifetime
{
    private RunningHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await RunningHost.StartAsync(await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "feeds.json")),
            "--Crawl:Enabled=false"); // the shipped sources are real sites: a test never contacts them

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_shipped_dossier_is_listed_with_its_current_stage()
    {
        var html = await _host.Client.GetStringAsync("/dossiers");

        foreach (var id in new[] { "uk-online-safety-act", "eu-csam-regulation", "eu-csam-interim-derogation", "eu-digital-services-act", "apple-csam-detection" })
        {
            var row = System.Text.RegularExpressions.Regex.Match(html, $"<tr id=\"{id}\">.*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
            // The curated record alone says where each file stands: a stage since a date, and the last step.
            Assert.Matches("<td class=\"current-stage\"><span class=\"badge\">[^<]+</span> <small>since <time datetime=\"\\d{4}-\\d{2}(-\\d{2})?\">", row);
            Assert.Matches("<td class=\"last-step\"><a href=\"/items/\\d+\">", row);
        }
        // Apple's plan ended with its withdrawal; the Online Safety Act's record goes on past Royal Assent.
        Assert.Contains("<span class=\"badge\">withdrawal</span>", html);
    }

    [Fact]
    public async Task Every_shipped_dossier_page_shows_its_milestones_before_any_crawl()
    {
        var catalog = await PolicyWatch.Catalog.CatalogLoader.LoadFileAsync(Path.Combine(TestPaths.RepoRoot, "feeds.json"));
        foreach (var dossier in catalog.Dossiers)
        {
            var html = System.Net.WebUtility.HtmlDecode(await _host.Client.GetStringAsync($"/dossiers/{dossier.Id}"));
            Assert.NotEmpty(dossier.Milestones);
            foreach (var milestone in dossier.Milestones)
                Assert.Contains(milestone.Title, html);
        }
    }

    [Fact]
    public async Task Every_page_answers_on_the_shipped_feeds_json_before_any_crawl()
    {
        var catalog = await PolicyWatch.Catalog.CatalogLoader.LoadFileAsync(Path.Combine(TestPaths.RepoRoot, "feeds.json"));
        var urls = new[] { "/", "/timeline", "/about", "/sources", "/sources?sort=name", "/dossiers", "/api/items", "/export.csv" }
            .Concat(catalog.Jurisdictions.Keys.Select(j => $"/j/{j}"))
            .Concat(catalog.Dossiers.Select(d => $"/dossiers/{d.Id}"))
            .Concat(catalog.Topics.Select(t => $"/topics/{t.Id}"));
        foreach (var url in urls)
            Assert.True((await _host.Client.GetAsync(url)).StatusCode == System.Net.HttpStatusCode.OK, url);
        var milestone = System.Text.Json.JsonDocument.Parse(await _host.Client.GetStringAsync("/api/items?kind=milestone&limit=1")).RootElement.GetProperty("items")[0];
        Assert.Contains("Cite this", await _host.Client.GetStringAsync($"/items/{milestone.GetProperty("id").GetInt64()}"));
        // Crawl:Enabled=false: the sources are listed but none was ever fetched.
        Assert.Equal(catalog.Sources.Count, System.Text.RegularExpressions.Regex.Count(await _host.Client.GetStringAsync("/sources"), "class=\"status-pending\""));
    }

    [Fact]
    public async Task Milestones_are_cited_as_published_by_the_institution_behind_their_url_never_by_feeds_json()
    {
        var records = Citing.Rfc4180Reader.Read((await _host.Client.GetStringAsync("/export.csv?kind=milestone")).TrimStart('\uFEFF'));
        var (publisher, url) = (records[0].IndexOf("publisher"), records[0].IndexOf("url"));
        Assert.True(records.Count > 10);
        Assert.All(records.Skip(1), r => Assert.Equal(PolicyWatch.Catalog.Publishers.ForUrl(new Uri(r[url])), r[publisher]));
        Assert.Contains(records, r => r[publisher] == "Publications Office of the European Union");

        var proposal = records.Single(r => r[url].Contains("CELEX:52022PC0209", StringComparison.Ordinal));
        var html = System.Net.WebUtility.HtmlDecode(await _host.Client.GetStringAsync($"/items/{proposal[0]}"));
        Assert.DoesNotContain("feeds.json)", html.Split("Cite this")[1]);
        Assert.Contains("Publications Office of the European Union. (2022, May 11). Commission proposes", html);
        Assert.Contains("author = {{Publications Office of the European Union}}", html);
        Assert.Contains("\"literal\": \"Publications Office of the European Union\"", html);
        Assert.Contains("PB  - Publications Office of the European Union", html);
        foreach (var format in new[] { "bib", "ris", "json" })
            Assert.DoesNotContain("Curated milestones", await _host.Client.GetStringAsync($"/export.{format}?kind=milestone"));
    }

    [Fact]
    public async Task A_dossier_timeline_filters_by_kind_and_milestones_reach_the_jurisdiction_timeline()
    {
        var milestones = await _host.Client.GetStringAsync("/dossiers/eu-csam-regulation?kind=milestone");
        Assert.Contains("class=\"item kind-milestone\"", milestones);
        var coverage = await _host.Client.GetStringAsync("/dossiers/eu-csam-regulation?kind=article");
        Assert.DoesNotContain("class=\"item kind-milestone\"", coverage);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _host.Client.GetAsync("/dossiers/eu-csam-regulation?kind=everything")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await _host.Client.GetAsync("/dossiers/no-such-dossier")).StatusCode);
        Assert.Contains("Commission proposes the regulation", await _host.Client.GetStringAsync("/j/eu"));
    }
}
