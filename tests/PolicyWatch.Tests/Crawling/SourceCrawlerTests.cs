using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

public sealed class SourceCrawlerTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_recrawl_updates_in_place_and_never_duplicates()
    {
        var published = new DateTimeOffset(2024, 5, 28, 9, 30, 0, TimeSpan.Zero);
        _server.Documents["feed.xml"] = Feeds.Rss("F", [Feeds.Item("a", "First title", published), Feeds.Item("b", "Other", published)]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", _server.Url("doc/feed.xml"))));

        var first = await pipeline.CrawlAsync("s");
        var unchanged = await pipeline.CrawlAsync("s");
        _server.Documents["feed.xml"] = Feeds.Rss("F", [Feeds.Item("a", "Corrected title", published), Feeds.Item("b", "Other", published)]);
        var changed = await pipeline.CrawlAsync("s");

        Assert.Equal((2, 0), (first.New, first.Updated));
        Assert.Equal((0, 0), (unchanged.New, unchanged.Updated));
        Assert.Equal((0, 1), (changed.New, changed.Updated));
        Assert.Equal(2, await pipeline.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items WHERE title = 'Corrected title' AND last_changed_at >= first_seen_at"));
    }

    [Fact]
    public async Task A_recrawl_that_finds_another_author_updates_the_item_and_keeps_them_all_in_order()
    {
        static string Feed(string creators) =>
            "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>F</title><link>https://example.org/</link>" +
            $"<description>d</description><item><guid>a</guid><title>Chat control</title><link>https://example.org/a</link>{creators}</item></channel></rss>";
        _server.Documents["feed.xml"] = Feed("<dc:creator>Paddy Leerssen</dc:creator>");
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", _server.Url("doc/feed.xml"))));
        await pipeline.CrawlAsync("s");

        // Title and text unchanged (the content hash is the same): only the authors differ.
        _server.Documents["feed.xml"] = Feed("<dc:creator>Paddy Leerssen</dc:creator><dc:creator>Rachel Griffin, Jane Doe</dc:creator>");
        var recrawl = await pipeline.CrawlAsync("s");

        Assert.Equal((0, 1), (recrawl.New, recrawl.Updated));
        var item = Assert.Single(await new PolicyWatch.Storage.ItemQueries(pipeline.Database).ListAsync(new(), 10));
        Assert.Equal(["Paddy Leerssen", "Rachel Griffin", "Jane Doe"], item.Authors);
        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM items WHERE authors = @Lines AND author = 'Paddy Leerssen; Rachel Griffin; Jane Doe'",
            new { Lines = "Paddy Leerssen\nRachel Griffin\nJane Doe" }));
        var again = await pipeline.CrawlAsync("s");
        Assert.Equal((0, 0), (again.New, again.Updated));
    }

    [Fact]
    public async Task A_missing_date_falls_back_to_first_seen_and_is_marked()
    {
        _server.Documents["nodate.xml"] = Feeds.Rss("F", [Feeds.Item("n", "No date here", published: null)]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", _server.Url("doc/nodate.xml"))));

        await pipeline.CrawlAsync("s");

        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items WHERE date_is_first_seen AND published_at = first_seen_at"));
    }

    [Theory]
    [InlineData("Ofcom consults on client-side scanning", "uk")]      // a topic without a jurisdiction: the source's
    [InlineData("US outlet explains the EU chat control vote", "eu")] // the dossier's, not the publisher's
    [InlineData("New phone reviewed", null)]                           // matches nothing: no jurisdiction at all
    public async Task Jurisdictions_are_where_the_policy_applies(string title, string? expected)
    {
        _server.Documents["j.xml"] = Feeds.Rss("F", [Feeds.Item("u", title)]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("src", _server.Url("doc/j.xml"), Jurisdiction: expected == "eu" ? "us" : "uk")));

        await pipeline.CrawlAsync("src");

        var item = (await new PolicyWatch.Storage.ItemQueries(pipeline.Database).ListAsync(new(), 10)).Single();
        Assert.Equal(expected is null ? [] : [expected], item.Jurisdictions);
    }

    [Fact]
    public async Task Every_attempt_is_logged_with_its_outcome_and_counts()
    {
        _server.Documents["log.xml"] = Feeds.Rss("F", [Feeds.Item("l1", "One"), Feeds.Item("l2", "Two")]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", _server.Url("doc/log.xml"))));

        await pipeline.CrawlAsync("s");

        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM fetch_log WHERE source_id = 's' AND http_status = 200 AND new_items = 2 AND bytes > 0 AND duration_ms >= 0 AND error IS NULL"));
    }

    [Fact]
    public async Task Compressed_responses_are_decompressed()
    {
        _server.Documents["zipped.xml"] = Feeds.Rss("Z", [Feeds.Item("z1", "Compressed item")]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", _server.Url("gzip/zipped.xml"))));

        var report = await pipeline.CrawlAsync("s");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(1, report.New);
    }

    [Fact]
    public async Task Requests_say_who_we_are()
    {
        _server.Documents["ua.xml"] = Feeds.Rss("F", [Feeds.Item("x", "X")]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", _server.Url("doc/ua.xml"))));

        await pipeline.CrawlAsync("s");

        Assert.Matches(@"^PolicyWatch/\d+\.\d+\.\d+ \(\+https?://\S+\)$", _server.LastHeaders["/doc/ua.xml"]["User-Agent"]);
    }

    [Fact]
    public async Task A_file_url_source_is_read_from_disk()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("local", new Uri(Path.GetTempPath()))));
        var path = Path.Combine(pipeline.Folder, "local.xml");
        await File.WriteAllTextAsync(path, Feeds.Rss("Local", [Feeds.Item("local-1", "From disk")]));
        using var filePipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("local", new Uri(path))));

        var report = await filePipeline.CrawlAsync("local");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(1, report.New);
    }

    [Fact]
    public async Task At_most_one_request_is_in_flight_per_host()
    {
        _server.Delay = TimeSpan.FromMilliseconds(150);
        var sources = Enumerable.Range(1, 6).Select(i => new TestCatalog.Source($"s{i}", _server.Url($"gen/s{i}.xml"))).ToArray();
        using var pipeline = new TestPipeline(TestCatalog.Json(sources));

        var reports = await pipeline.Runner.RunAsync(pipeline.Catalog.Sources, null, CancellationToken.None);

        Assert.All(reports, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(1, _server.MaxInFlight);
    }
}

public sealed class KeepMatchingTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_keep_matching_source_stores_only_matching_items_and_records_how_many_it_skipped()
    {
        _server.Documents["general.xml"] = Feeds.Rss("General", [
            Feeds.Item("1", "New phone reviewed"), Feeds.Item("2", "EU chat control talks stall"), Feeds.Item("3", "Football results"),
        ]);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("general", _server.Url("doc/general.xml"), "global", Keep: "matching")));

        var report = await pipeline.CrawlAsync("general");

        Assert.Equal((1, 2), (report.New, report.Skipped));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM fetch_log WHERE skipped_items = 2"));
        Assert.Equal(2, (await pipeline.HealthAsync("general")).LastSkipped);
    }
}
