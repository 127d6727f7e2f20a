using Dapper;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// Official pages without feeds (a Legislative Observatory key-events table) and the UK bill feed,
/// crawled from the fixture server: events with the right dates, changes detected without duplicates.
/// </summary>
public sealed class LegislativeSourceTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Fixture(string name) => File.ReadAllText(TestPaths.TestData("Parsing", "HtmlList", "testdata", name));

    private TestPipeline OeilPipeline() => new(TestCatalog.WithSourceJson($$"""
        { "id": "oeil", "name": "Legislative Observatory", "url": "{{_server.Url("doc/oeil.html")}}", "type": "html",
          "kind": "legislative", "dossier": "eu-csam-regulation", "jurisdiction": "eu", "every": "6h",
          "select": { "item": "table.key-events tbody tr", "title": "td:nth-child(2)", "link": "td:nth-child(2)",
                      "date": "td:nth-child(1)", "dateFormat": ["dd/MM/yyyy", "d/M/yyyy"],
                      "reference": "td:nth-child(3)", "summary": "td:nth-child(4)" } }
        """));

    private static Task<IReadOnlyList<TimelineItem>> EventsAsync(TestPipeline pipeline) =>
        new ItemQueries(pipeline.Database).ListAsync(new ItemFilter { Source = "oeil" }, 100);

    [Fact]
    public async Task The_first_crawl_yields_the_events_with_their_dates_as_legislative_items_of_the_dossier()
    {
        _server.Documents["oeil.html"] = Fixture("oeil-key-events.html");
        using var pipeline = OeilPipeline();

        var report = await pipeline.CrawlAsync("oeil");

        Assert.True(report.Succeeded, report.Error);
        var events = await EventsAsync(pipeline);
        Assert.Equal(7, events.Count);
        var proposal = events.Single(e => e.Title == "Legislative proposal published");
        Assert.Equal(new DateTimeOffset(2022, 5, 11, 0, 0, 0, TimeSpan.Zero), proposal.PublishedAt);
        Assert.Equal("legislative", proposal.Kind);
        Assert.Equal(["eu-csam-regulation"], proposal.Dossiers);
        Assert.Equal(["eu"], proposal.Jurisdictions);
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items WHERE reference = 'COM(2022)0209' AND dossier_id = 'eu-csam-regulation'"));
        Assert.Equal(7, await pipeline.CountAsync("SELECT count(*) FROM item_tag_reasons WHERE field = 'source' AND phrase = 'legislative source oeil'"));
    }

    [Fact]
    public async Task An_added_row_yields_exactly_one_new_event()
    {
        _server.Documents["oeil.html"] = Fixture("oeil-key-events.html");
        using var pipeline = OeilPipeline();
        await pipeline.CrawlAsync("oeil");

        _server.Documents["oeil.html"] = Fixture("oeil-key-events-added-row.html");
        var report = await pipeline.CrawlAsync("oeil");

        Assert.Equal((1, 0), (report.New, report.Updated));
        Assert.Equal(8, (await EventsAsync(pipeline)).Count);
    }

    [Fact]
    public async Task A_changed_row_updates_its_event_and_keeps_its_history()
    {
        _server.Documents["oeil.html"] = Fixture("oeil-key-events.html");
        using var pipeline = OeilPipeline();
        await pipeline.CrawlAsync("oeil");
        var before = (await EventsAsync(pipeline)).Single(e => e.Title == "Committee report tabled for plenary, 1st reading");

        _server.Documents["oeil.html"] = Fixture("oeil-key-events-changed-row.html");
        var report = await pipeline.CrawlAsync("oeil");

        Assert.Equal((0, 1), (report.New, report.Updated));
        var after = (await EventsAsync(pipeline)).Single(e => e.Id == before.Id);
        Assert.Equal("Committee report tabled for plenary", after.Title);
        Assert.Equal(before.FirstSeenAt, after.FirstSeenAt);
        Assert.Equal(7, (await EventsAsync(pipeline)).Count);
    }

    [Theory]
    [InlineData("empty.html")]
    [InlineData("oeil-no-table.html")]
    public async Task A_broken_page_records_an_error_naming_the_selector_and_keeps_the_stored_events(string brokenPage)
    {
        _server.Documents["oeil.html"] = Fixture("oeil-key-events.html");
        using var pipeline = OeilPipeline();
        await pipeline.CrawlAsync("oeil");

        _server.Documents["oeil.html"] = Fixture(brokenPage);
        var report = await pipeline.CrawlAsync("oeil");

        Assert.False(report.Succeeded);
        Assert.Contains("select.item \"table.key-events tbody tr\" matched nothing", report.Error);
        Assert.Contains("select.item", (await pipeline.HealthAsync("oeil")).LastError);
        Assert.Equal(7, (await EventsAsync(pipeline)).Count);
    }

    [Fact]
    public void An_invalid_selector_is_refused_by_the_configuration_naming_its_key()
    {
        var json = TestCatalog.WithSourceJson("""
            { "id": "bad", "name": "Bad", "url": "https://example.org/page", "type": "html", "jurisdiction": "eu", "every": "6h",
              "select": { "item": "table tr", "title": "td:nth(2)" } }
            """);

        var error = Assert.Throws<PolicyWatch.Catalog.CatalogException>(() => PolicyWatch.Catalog.CatalogLoader.Load(json, "feeds.json"));

        Assert.Contains(error.Errors, e => e.Path == "sources[0].select.title" && e.Message.Contains("\"td:nth(2)\" is not a valid CSS selector"));
    }

    [Fact]
    public void An_invalid_extract_selector_is_refused_by_the_configuration()
    {
        var json = TestCatalog.WithSourceJson("""
            { "id": "bad", "name": "Bad", "url": "https://example.org/feed", "type": "feed", "jurisdiction": "eu", "every": "6h", "extract": "div..body" }
            """);

        var error = Assert.Throws<PolicyWatch.Catalog.CatalogException>(() => PolicyWatch.Catalog.CatalogLoader.Load(json, "feeds.json"));

        Assert.Contains(error.Errors, e => e.Path == "sources[0].extract" && e.Message.Contains("\"div..body\" is not a valid CSS selector"));
    }

    [Fact]
    public async Task A_uk_bill_feed_takes_the_sitting_date_from_the_title_and_keeps_stage_and_category()
    {
        _server.Documents["3137.rss"] = File.ReadAllText(TestPaths.TestData("Parsing", "TitleEvents", "testdata", "uk-bill-3137.rss"));
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson($$"""
            { "id": "uk-bill", "name": "UK Parliament: Online Safety Bill", "url": "{{_server.Url("doc/3137.rss")}}",
              "kind": "legislative", "dossier": "eu-csam-regulation", "jurisdiction": "uk", "every": "6h",
              "eventDate": { "from": "title" } }
            """));

        var report = await pipeline.CrawlAsync("uk-bill");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM items WHERE title = 'Sitting: Consideration of Lords amendments - Tuesday, 12 September 2023' " +
            "AND published_at = '2023-09-12T00:00:00Z' AND stage = 'Consideration of Lords amendments' AND category = 'Sitting'"));
        // Read as instants: a date stored in any other form (SQLite's text) would not read.
        await using var connection = await pipeline.Database.OpenAsync();
        Assert.NotEmpty(await connection.QueryAsync<DateTimeOffset>("SELECT published_at FROM items WHERE category = 'Publication'"));
    }
}

/// <summary>Sources with "extract": the new items' pages are fetched and their main text archived and tagged.</summary>
public sealed class PageArchiveTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private TestPipeline Pipeline(string extract) => new(TestCatalog.WithSourceJson($$"""
        { "id": "news", "name": "News", "url": "{{_server.Url("doc/news.xml")}}", "jurisdiction": "eu", "every": "1h", "extract": {{extract}} }
        """));

    [Fact]
    public async Task A_new_items_page_is_archived_with_its_capture_time_and_hash_and_tagging_reads_it()
    {
        _server.Documents["news.xml"] = Feeds.Rss("News", [Feeds.Item("n1", "Ministers meet", link: _server.Url("doc/article.html").ToString())]);
        _server.Documents["article.html"] = File.ReadAllText(TestPaths.TestData("Parsing", "Article", "testdata", "articles", "news-article.html"))
            .Replace("</p>", " Campaigners warned that chat control would break encryption.</p>");
        using var pipeline = Pipeline("true");

        var report = await pipeline.CrawlAsync("news");

        Assert.Equal(1, report.Archived);
        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM items WHERE unpack(archived_text) LIKE '%chat control would break encryption%' AND archived_at IS NOT NULL AND length(archived_hash) = 64"));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM item_tag_reasons WHERE tag = 'eu-csam-regulation' AND field = 'text'"));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM fetch_log WHERE target = 'page' AND outcome = 'ok'"));
    }

    [Fact]
    public async Task A_page_that_cannot_be_fetched_is_logged_and_the_item_stays_stored()
    {
        _server.Documents["news.xml"] = Feeds.Rss("News", [Feeds.Item("n1", "Ministers meet", link: _server.Url("status/500").ToString())]);
        using var pipeline = Pipeline("\"article .body\"");

        var report = await pipeline.CrawlAsync("news");

        Assert.True(report.Succeeded);
        Assert.Equal((1, 0), (report.New, report.Archived));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM fetch_log WHERE target = 'page' AND outcome = 'failed' AND error LIKE '%HTTP 500%'"));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items WHERE archived_text IS NULL"));
    }
}
