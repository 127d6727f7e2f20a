using System.Net;
using Dapper;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using static PolicyWatch.Tests.Support.ArchiveStandIn;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// Archived copies through the real host: its scheduler looks them up and saves pages at a stand-in archive on
/// 127.0.0.1, and the item page, the citation box and the exports show them; with the archive down, the site
/// works as before and the item page says why there is no copy.
/// </summary>
public sealed class ArchivedCopyOnTheSiteTests
{
    private static readonly DateTimeOffset Published = new(2025, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static string FeedsJson(FixtureServer feeds) => TestCatalog.WithSourceJson(
        $$"""{ "id": "news", "name": "News", "url": "{{feeds.Url("doc/news.xml")}}", "jurisdiction": "eu", "every": "30m", "archive": true }""");

    private static void Publish(FixtureServer feeds) =>
        feeds.Documents["news.xml"] = Feeds.Rss("News",
        [
            Feeds.Item("found", "Archived already: chat control", Published, "https://example.org/found"),
            Feeds.Item("saved", "Captured by us: chat control", Published.AddHours(1), "https://example.org/saved"),
        ]);

    [Fact]
    public async Task The_scheduler_finds_and_saves_copies_and_the_item_page_citations_and_exports_carry_them()
    {
        await using var feeds = await FixtureServer.StartAsync();
        await using var archive = await ArchiveStandIn.StartAsync();
        Publish(feeds);
        archive.Availability["https://example.org/found"] = Reply.File("available-found.json");
        await using var host = await RunningHost.StartAsync(FeedsJson(feeds),
            ["--Archive:Enabled=true", .. archive.HostArgs(), "--Archive:WakeEvery=00:00:01", "--Archive:Pause=00:00:00", "--Archive:PollEvery=00:00:01"]);
        var database = TestDatabases.Open(Path.Combine(host.Folder, "data", "pw.db"));

        await RunningHost.EventuallyAsync(async () => await CountAsync(database, "SELECT count(*) FROM archived_copies WHERE copy_url IS NOT NULL") == 2,
            "the archive job to find one copy and save the other");

        var found = await IdAsync(database, "found");
        var saved = await IdAsync(database, "saved");
        var foundPage = await host.Client.GetStringAsync($"/items/{found}");
        var foundCopy = "http://web.archive.org/web/20251127080000/https://example.org/found";
        Assert.Contains($"<a class=\"archived-copy\" href=\"{foundCopy}\" rel=\"noopener\">{foundCopy}</a>", foundPage);
        Assert.Contains("Internet Archive, captured <time datetime=\"2025-11-27T08:00:00Z\">27 Nov 2025 08:00 UTC</time>", foundPage);
        Assert.Contains("No capture asked for: the archive already held one.", foundPage);
        var citations = WebUtility.HtmlDecode(foundPage);
        Assert.Contains($"\"archive_location\": \"{foundCopy}\"", citations);
        Assert.Contains($"L2  - {foundCopy}", citations);
        Assert.Contains($"(Archived November 27, 2025, at the Wayback Machine, {foundCopy})", citations);
        Assert.Empty(HtmlChecks.Problems(foundPage));

        var savedCopy = $"{archive.BaseUrl}web/20251127093000/https://example.org/saved";
        Assert.Contains($"href=\"{savedCopy}\"", await host.Client.GetStringAsync($"/items/{saved}"));
        var post = Assert.Single(archive.SaveRequests);
        Assert.Equal("https://example.org/saved", post.PageUrl);
        Assert.Null(post.Authorization);

        var csv = await host.Client.GetStringAsync("/export.csv?source=news");
        Assert.Contains(",archived_url,archived_at,story_id\r\n", csv);
        Assert.Contains($",{savedCopy},2025-11-27T09:30:00Z,{saved}\r\n", csv);
        Assert.Contains($"\"archive_location\": \"{foundCopy}\"", await host.Client.GetStringAsync("/export.json?source=news"));
    }

    [Fact]
    public async Task With_the_archive_down_every_page_renders_and_the_item_says_why_it_has_no_copy()
    {
        await using var feeds = await FixtureServer.StartAsync();
        Publish(feeds);
        var closed = FixtureServer.ClosedPortUrl().GetLeftPart(UriPartial.Authority);
        await using var host = await RunningHost.StartAsync(FeedsJson(feeds),
            ["--Archive:Enabled=true", $"--Archive:Url={closed}", $"--Archive:AvailabilityUrl={closed}", "--Archive:WakeEvery=00:00:01", "--Archive:Pause=00:00:00"]);
        var database = TestDatabases.Open(Path.Combine(host.Folder, "data", "pw.db"));

        await RunningHost.EventuallyAsync(async () => await CountAsync(database, "SELECT count(*) FROM archived_copies WHERE last_error IS NOT NULL") > 0
            && await CountAsync(database, "SELECT count(*) FROM archive_saves WHERE last_error IS NOT NULL") > 0,
            "a lookup and a save to fail against the closed port");

        var failed = await CountAsync(database, "SELECT item_id FROM archived_copies WHERE last_error IS NOT NULL LIMIT 1");
        var item = await host.Client.GetStringAsync($"/items/{failed}");
        Assert.Matches("none yet: the Internet Archive was last asked <time datetime=\"[^\"]+\">[^<]+</time>: cannot connect", item);
        foreach (var path in new[] { "/", "/j/eu", "/sources", "/healthz", "/export.csv", "/feeds/j/eu.atom" })
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(path)).StatusCode);
        var saving = await CountAsync(database, "SELECT item_id FROM archive_saves WHERE last_error IS NOT NULL LIMIT 1");
        Assert.Contains("A capture is queued again: the last try failed: cannot connect", await host.Client.GetStringAsync($"/items/{saving}"));
    }

    private static async Task<long> CountAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<long> IdAsync(Database database, string guid)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT id FROM items WHERE guid = @Guid", new { Guid = guid });
    }
}
