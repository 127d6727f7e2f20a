using System.Globalization;
using Dapper;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using static PolicyWatch.Tests.Support.ArchiveStandIn;

namespace PolicyWatch.Tests.Archiving;

/// <summary>
/// Looking up archived copies at the availability API (a stand-in on 127.0.0.1): what is recorded for each
/// answer, what is never asked, how failures wait, and that the turn stays bounded and paced.
/// </summary>
public sealed class CopyLookupTests
{
    [Fact]
    public async Task A_copy_the_archive_holds_is_recorded_with_its_address_and_capture_time_and_never_asked_for_again()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 1);
        f.Archive.Availability[ArchiveFixtures.PageUrl(1)] = Reply.File("available-found.json");
        await f.CrawlAsync();

        var report = await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), (report.LookedUp, report.Found));
        var copy = await f.CopyAsync(1);
        Assert.Equal($"http://web.archive.org/web/20251127080000/{ArchiveFixtures.PageUrl(1)}", copy.CopyUrl);
        Assert.Equal("2025-11-27T08:00:00Z", copy.CapturedAt);
        Assert.Equal("lookup", copy.FoundVia);
        Assert.Null(copy.NextLookupAt);
        var lookup = Assert.Single(f.Archive.Lookups);
        Assert.Equal(ArchiveFixtures.PageUrl(1), lookup.PageUrl);
        // The capture nearest the item's own date is asked for.
        Assert.Equal(ArchiveFixtures.Published.AddHours(1).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), lookup.Timestamp);
        Assert.Equal("application/json", lookup.Accept);
    }

    [Fact]
    public async Task A_page_the_archive_does_not_hold_is_asked_again_only_after_a_week_then_after_two()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 1, manualClock: true);
        await f.CrawlAsync();
        var start = f.Clock!.Now;

        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        var first = await f.CopyAsync(1);
        f.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        Assert.Single(f.Archive.Lookups);
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        var second = await f.CopyAsync(1);

        Assert.Equal(2, f.Archive.Lookups.Count());
        Assert.Null(first.CopyUrl);
        Assert.Null(first.LastError);
        Assert.Equal((1L, UtcTimestamp.ToText(start), UtcTimestamp.ToText(start.AddDays(7))), (first.Attempts, first.LookedUpAt, first.NextLookupAt));
        Assert.Equal((2L, UtcTimestamp.ToText(f.Clock.Now.AddDays(14))), (second.Attempts, second.NextLookupAt));
    }

    [Theory]
    [InlineData("available-malformed.json", "the archive's answer cannot be read: not JSON")]
    [InlineData("500", "HTTP 500")]
    public async Task A_failed_lookup_is_recorded_waits_with_backoff_and_ends_the_turns_lookups(string reply, string error)
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 3, manualClock: true);
        f.Archive.DefaultAvailability = reply == "500" ? Reply.Error(500) : Reply.File(reply);
        await f.CrawlAsync();

        var report = await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        var failed = (await Task.WhenAll(Enumerable.Range(1, 3).Select(f.CopyAsync))).Where(c => c.LookedUpAt is not null).ToList();

        Assert.Equal((1, 1), (report.LookedUp, report.Failed));
        Assert.Single(f.Archive.Lookups);
        var row = Assert.Single(failed);
        Assert.StartsWith(error, row.LastError);
        Assert.Null(row.CopyUrl);
        Assert.Equal(UtcTimestamp.ToText(f.Clock!.Now.AddMinutes(30)), row.NextLookupAt);
    }

    [Fact]
    public async Task Failures_in_a_row_wait_twice_as_long_each_time_up_to_the_cap()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 1, manualClock: true, options: o => { o.MaxBackoff = TimeSpan.FromHours(2); return o; });
        f.Archive.DefaultAvailability = Reply.Error(503);
        await f.CrawlAsync();

        var waits = new List<TimeSpan>();
        for (var turn = 0; turn < 4; turn++)
        {
            await f.Pipeline.Archive.RunAsync(CancellationToken.None);
            var next = UtcTimestamp.Parse((await f.CopyAsync(1)).NextLookupAt!);
            waits.Add(next - f.Clock!.Now);
            f.Clock.Now = next;
        }

        Assert.Equal([TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(2)], waits);
        Assert.Equal(4, f.Archive.Lookups.Count());
    }

    [Fact]
    public async Task A_429_with_retry_after_is_honoured_for_the_item_and_for_the_next_turns()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 2, manualClock: true);
        f.Archive.DefaultAvailability = Reply.Error(429, "7200");
        await f.CrawlAsync();

        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        f.Clock!.Advance(TimeSpan.FromHours(1));
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Single(f.Archive.Lookups);
        var row = (await Task.WhenAll(f.CopyAsync(1), f.CopyAsync(2))).Single(c => c.LookedUpAt is not null);
        Assert.StartsWith("HTTP 429", row.LastError);
        Assert.Equal(UtcTimestamp.ToText(f.Clock.Now.AddHours(1)), row.NextLookupAt);

        f.Archive.DefaultAvailability = Reply.File("available-none.json");
        f.Clock.Advance(TimeSpan.FromHours(1));
        var report = await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        Assert.Equal(2, report.LookedUp);
    }

    [Fact]
    public async Task A_capture_address_that_is_not_http_is_not_kept()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 2);
        f.Archive.Availability[ArchiveFixtures.PageUrl(1)] = Reply.File("available-hostile-copy.json");
        f.Archive.Availability[ArchiveFixtures.PageUrl(2)] = Reply.File("available-not-a-page.json");
        await f.CrawlAsync();

        var report = await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal((2, 0), (report.LookedUp, report.Found));
        var hostile = await f.CopyAsync(1);
        Assert.Null(hostile.CopyUrl);
        Assert.Equal("the capture's address is not an http(s) address; not kept", hostile.LastError);
        Assert.NotNull(hostile.NextLookupAt);
        var notAPage = await f.CopyAsync(2);
        Assert.Null(notAPage.CopyUrl);
        Assert.Equal("the closest capture is not a page but HTTP 404", notAPage.LastError);
    }

    [Fact]
    public async Task The_archive_being_down_is_recorded_and_the_turn_ends_without_throwing()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 3,
            options: o => { o.AvailabilityUrl = new Uri(FixtureServer.ClosedPortUrl().GetLeftPart(UriPartial.Authority)); return o; });
        await f.CrawlAsync();

        var report = await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal((1, 1, 0), (report.LookedUp, report.Failed, report.Found));
        var rows = await Task.WhenAll(Enumerable.Range(1, 3).Select(f.CopyAsync));
        var failed = Assert.Single(rows, r => r.LookedUpAt is not null);
        Assert.StartsWith("cannot connect", failed.LastError);
        Assert.Equal(1, failed.Attempts);
        Assert.All(rows.Where(r => r != failed), r => Assert.Null(r.LastError));
    }

    [Fact]
    public async Task Items_without_an_http_link_are_never_looked_up()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 1);
        f.Feeds.Documents["news.xml"] = Feeds.Rss("News",
        [
            Feeds.Item("ftp", "An ftp link about chat control", ArchiveFixtures.Published, "ftp://example.org/file"),
            Feeds.Item("web", "A web page about chat control", ArchiveFixtures.Published, ArchiveFixtures.PageUrl(1)),
        ]);
        await f.CrawlAsync();
        await using (var connection = await f.Pipeline.Database.OpenAsync())
        {
            // An item without any link (an html source's row without one, say), written directly.
            await connection.ExecuteAsync(
                """
                INSERT INTO items (source_id, guid, kind, title, published_at, first_seen_at, last_changed_at, content_hash)
                VALUES ('news', 'no-link', 'article', 'No link', @At, @At, @At, 'h')
                """, new { At = ArchiveFixtures.Published });
        }

        var report = await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal(1, report.LookedUp);
        Assert.Equal(ArchiveFixtures.PageUrl(1), Assert.Single(f.Archive.Lookups).PageUrl);
        Assert.Equal(1, await f.Pipeline.CountAsync("SELECT count(*) FROM archived_copies"));
    }

    [Fact]
    public async Task Links_to_private_addresses_and_intranet_names_are_never_sent_to_the_archive()
    {
        await using var f = await ArchiveFixtures.StartAsync(archive: true);
        string[] hidden = ["http://10.1.2.3/minutes", "http://[fd00::1]/minutes", "http://intranet/minutes", "https://wiki.corp.internal/minutes"];
        f.Feeds.Documents["news.xml"] = Feeds.Rss("News",
            hidden.Select((url, i) => Feeds.Item($"hidden-{i}", "Minutes on chat control", ArchiveFixtures.Published, url))
                .Append(Feeds.Item("web", "A web page about chat control", ArchiveFixtures.Published, ArchiveFixtures.PageUrl(1))));
        await f.CrawlAsync();

        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal([ArchiveFixtures.PageUrl(1)], f.Archive.Lookups.Select(l => l.PageUrl));
        Assert.Equal([ArchiveFixtures.PageUrl(1)], f.Archive.SaveRequests.Select(l => l.PageUrl));
        await using var connection = await f.Pipeline.Database.OpenAsync();
        var errors = (await connection.QueryAsync<string>(
            "SELECT c.last_error FROM archived_copies c JOIN items i ON i.id = c.item_id WHERE c.next_lookup_at IS NULL AND c.copy_url IS NULL ORDER BY i.guid")).ToList();
        Assert.Equal(["10.1.2.3 is a private address (RFC 1918): never looked up", "[fd00::1] is a unique-local address (RFC 4193): never looked up",
            "intranet is an intranet name: never looked up", "wiki.corp.internal is an intranet name: never looked up"], errors);
        Assert.Equal(4, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM archive_saves WHERE status = 'failed' AND last_error LIKE '%never saved'"));
    }

    [Fact]
    public async Task An_item_whose_link_changes_is_looked_up_afresh()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 1);
        f.Archive.DefaultAvailability = Reply.File("available-found.json");
        await f.CrawlAsync();
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        f.Feeds.Documents["news.xml"] = Feeds.Rss("News", [Feeds.Item("item-1", "Item 1 about chat control, moved", ArchiveFixtures.Published.AddHours(1), "https://example.org/moved")]);
        await f.CrawlAsync();
        var report = await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), (report.LookedUp, report.Found));
        Assert.Equal(["https://example.org/item-1", "https://example.org/moved"], f.Archive.Lookups.Select(l => l.PageUrl));
        Assert.Equal("http://web.archive.org/web/20251127080000/https://example.org/moved", await QueryAsync(f, "SELECT copy_url FROM archived_copies"));
    }

    [Fact]
    public async Task Curated_milestones_are_looked_up_like_items()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 0);
        var feeds = f.FeedsJson().Replace("\"phrases\": [\"chat control\"]",
            "\"phrases\": [\"chat control\"], \"milestones\": [ { \"date\": \"2022-05-11\", \"title\": \"Commission proposal\", \"stage\": \"proposal\", \"url\": \"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52022PC0209\" } ]");
        var catalog = PolicyWatch.Catalog.CatalogLoader.Load(feeds, Path.Combine(f.Pipeline.Folder, "feeds.json"));
        await new MilestoneStore(f.Pipeline.Database).SyncAsync(catalog, DateTimeOffset.UtcNow);
        f.Archive.DefaultAvailability = Reply.File("available-found.json");

        var report = await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal(1, report.Found);
        var lookup = Assert.Single(f.Archive.Lookups);
        Assert.Equal("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52022PC0209", lookup.PageUrl);
        Assert.Equal("20220511000000", lookup.Timestamp);
    }

    [Fact]
    public async Task A_turn_looks_up_at_most_its_bound_and_pauses_between_requests()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 5,
            options: o => { o.MaxLookupsPerRun = 3; o.Pause = TimeSpan.FromMilliseconds(300); return o; });
        await f.CrawlAsync();

        var first = await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        var second = await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal((3, 2), (first.LookedUp, second.LookedUp));
        Assert.Equal(5, f.Archive.Lookups.Select(l => l.PageUrl).Distinct().Count());
        var times = f.Archive.Lookups.Select(l => l.At).ToList();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(250),
            $"{pair.Second - pair.First} between two lookups"));
    }

    private static async Task<string?> QueryAsync(ArchiveFixtures f, string sql)
    {
        await using var connection = await f.Pipeline.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>(sql);
    }
}
