using Dapper;
using PolicyWatch.Fetching;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// Links inside fetched content are hostile: an item's link may not make PolicyWatch read its own
/// disk or fetch an internal service and publish the answer. The feed's site is an operator source
/// on loopback, allowed by its port only; the trap is another loopback server, which must receive
/// no request at all, whatever spelling or redirect the links use. The guard runs as in production.
/// </summary>
public sealed class ContentLinkGuardTests : IAsyncLifetime
{
    private FixtureServer _site = null!;
    private FixtureServer _trap = null!;

    public async Task InitializeAsync()
    {
        _site = await FixtureServer.StartAsync();
        _trap = await FixtureServer.StartAsync();
        _trap.Documents["secret.html"] = "<html><body><article><p>" + string.Concat(Enumerable.Repeat("internal admin console password hunter2. ", 40)) + "</p></article></body></html>";
        _site.Documents["article.html"] = File.ReadAllText(TestPaths.TestData("Parsing", "Article", "testdata", "articles", "news-article.html"));
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _trap.DisposeAsync();
    }

    private int TrapPort => _trap.BaseUrl.Port;

    private FetchOptions Production() => new()
    {
        Timeout = TimeSpan.FromSeconds(5),
        AllowedPrivateNetworks = [$"127.0.0.1:{_site.BaseUrl.Port}"],
    };

    private TestPipeline Pipeline(string feed) => new(TestCatalog.WithSourceJson(
        $$"""{ "id": "news", "name": "News", "url": "{{_site.Url($"doc/{feed}")}}", "jurisdiction": "eu", "every": "1h", "extract": true }"""),
        Production());

    public static TheoryData<string> LoopbackSpellings => new()
    {
        "http://127.0.0.1:{port}/doc/secret.html",
        "http://localhost:{port}/doc/secret.html",
        "http://127.1:{port}/doc/secret.html",
        "http://2130706433:{port}/doc/secret.html",
        "http://0x7f000001:{port}/doc/secret.html",
        "http://017700000001:{port}/doc/secret.html",
        "http://[::ffff:127.0.0.1]:{port}/doc/secret.html",
        "http://x@127.0.0.1:{port}/doc/secret.html",
        "http://[::1]:{port}/doc/secret.html",
        "http://127.0.0.1.:{port}/doc/secret.html",
    };

    [Theory]
    [MemberData(nameof(LoopbackSpellings))]
    public async Task An_item_link_to_loopback_is_refused_in_any_spelling_and_the_refusal_is_recorded(string spelling)
    {
        var link = spelling.Replace("{port}", TrapPort.ToString());
        _site.Documents["feed.xml"] = Feeds.Rss("News", [Feeds.Item("internal", "Internal page", link: link), Feeds.Item("real", "A real article", link: _site.Url("doc/article.html").ToString())]);
        using var pipeline = Pipeline("feed.xml");

        var report = await pipeline.CrawlAsync("news");

        Assert.True(report.Succeeded, report.Error);
        Assert.Empty(_trap.Hits);
        Assert.Equal(1, report.Archived); // the real article after it is archived all the same
        var refused = await ArchiveStateAsync(pipeline, "internal");
        Assert.False(refused.Archived);
        Assert.Contains("refused", refused.ArchiveError);
        Assert.Contains("loopback", refused.ArchiveError);
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM fetch_log WHERE target = 'page' AND outcome = 'refused' AND error LIKE '%loopback%'"));
        Assert.Empty((await new ItemQueries(pipeline.Database).PageAsync(new ItemFilter { Q = "hunter2" }, null, 10)).Items);
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_host_to_loopback_is_refused_at_connect_time()
    {
        var toTrap = _site.Url($"redirect?to={Uri.EscapeDataString($"http://127.0.0.1:{TrapPort}/doc/secret.html")}");
        _site.Documents["feed.xml"] = Feeds.Rss("News", [Feeds.Item("hop", "Redirected", link: toTrap.ToString())]);
        using var pipeline = Pipeline("feed.xml");

        var report = await pipeline.CrawlAsync("news");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(1, _site.Hits.GetValueOrDefault("/redirect"));
        Assert.Empty(_trap.Hits);
        Assert.Contains("loopback", (await ArchiveStateAsync(pipeline, "hop")).ArchiveError);
    }

    [Fact]
    public async Task A_redirect_to_a_file_is_refused_and_the_pages_after_it_are_still_archived()
    {
        var toFile = _site.Url($"redirect?to={Uri.EscapeDataString("file:///etc/passwd")}");
        _site.Documents["feed.xml"] = Feeds.Rss("News",
        [
            Feeds.Item("to-file", "Redirected to a file", DateTimeOffset.Parse("2024-01-02T00:00:00Z"), toFile.ToString()),
            Feeds.Item("real", "A real article", DateTimeOffset.Parse("2024-01-01T00:00:00Z"), _site.Url("doc/article.html").ToString()),
        ]);
        using var pipeline = Pipeline("feed.xml");

        var report = await pipeline.CrawlAsync("news");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(1, report.Archived);
        var refused = await ArchiveStateAsync(pipeline, "to-file");
        Assert.False(refused.Archived);
        Assert.Contains("refused a redirect", refused.ArchiveError);
        Assert.Contains("file:", refused.ArchiveError);
        Assert.Equal(0, (await pipeline.HealthAsync("news")).FailuresInRow);
    }

    [Fact]
    public async Task A_refused_link_is_never_tried_again()
    {
        _site.Documents["feed.xml"] = Feeds.Rss("News", [Feeds.Item("internal", "Internal page", link: $"http://127.0.0.1:{TrapPort}/doc/secret.html")]);
        using var pipeline = Pipeline("feed.xml");

        await pipeline.CrawlAsync("news");
        await pipeline.CrawlAsync("news");

        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM fetch_log WHERE target = 'page' AND outcome = 'refused'"));
    }

    [Fact]
    public async Task Without_the_guard_setting_the_operator_can_allow_an_intranet_explicitly()
    {
        _site.Documents["feed.xml"] = Feeds.Rss("News", [Feeds.Item("internal", "Intranet page", link: $"http://127.0.0.1:{TrapPort}/doc/secret.html")]);
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(
            $$"""{ "id": "news", "name": "News", "url": "{{_site.Url("doc/feed.xml")}}", "jurisdiction": "eu", "every": "1h", "extract": true }"""),
            new FetchOptions { Timeout = TimeSpan.FromSeconds(5), AllowPrivateAddresses = true });

        var report = await pipeline.CrawlAsync("news");

        Assert.Equal(1, report.Archived);
        Assert.Equal(1, _trap.Hits.GetValueOrDefault("/doc/secret.html"));
    }

    private sealed record ArchiveState
    {
        public bool Archived { get; init; }
        public string? ArchiveError { get; init; }
        public long ArchiveAttempts { get; init; }
    }

    private static async Task<ArchiveState> ArchiveStateAsync(TestPipeline pipeline, string guid)
    {
        await using var connection = await pipeline.Database.OpenAsync();
        return await connection.QuerySingleAsync<ArchiveState>(
            "SELECT archived_text IS NOT NULL AS Archived, archive_error AS ArchiveError, archive_attempts AS ArchiveAttempts FROM items WHERE guid = @guid",
            new { guid });
    }
}
