using PolicyWatch.History;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Support.History;
using static PolicyWatch.Tests.History.HistoryAssertions;

namespace PolicyWatch.Tests.History;

/// <summary>History walks of sites that do not say how to go back: WordPress paging and the Internet Archive's captures.</summary>
public sealed class SiteHistoryTests
{
    private static readonly DateOnly Start = new(2019, 6, 1);

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // the generator stripped by a theme: the REST API's Link header still tells
    public async Task A_WordPress_site_is_walked_with_paged_until_it_answers_404(bool generator)
    {
        await using var site = await HistorySites.StartWordPressAsync(new WordPressOptions { Items = GeneratedItems.Daily(55, Start), GeneratorInFeed = generator });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("wp", site.FeedUrl)));

        var report = await pipeline.BackfillAsync("wp", Start);

        Assert.Equal(("wordpress", HistoryStatus.Finished), (report.Walk.Method, report.Walk.Status));
        await StoredExactlyAsync(pipeline, "wp", site.Items.Except(site.FeedPageItems(1)));
        Assert.Equal(1, site.Requests.Count(r => r.StatusCode == 404));
    }

    [Fact]
    public async Task A_WordPress_site_that_answers_the_same_page_for_every_N_ends_the_walk()
    {
        await using var site = await HistorySites.StartWordPressAsync(new WordPressOptions { Items = GeneratedItems.Daily(55, Start), IgnoresPaged = true });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("wp", site.FeedUrl)));

        var report = await pipeline.BackfillAsync("wp", Start).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HistoryStatus.Finished, report.Walk.Status);
        Assert.True(report.Pages <= 2, $"read {report.Pages} copies of the same page");
        await StoredExactlyAsync(pipeline, "wp", site.FeedPageItems(1));
    }

    [Fact]
    public async Task The_Internet_Archives_captures_recover_every_item_they_hold_once_skipping_bad_captures()
    {
        await using var wayback = await HistorySites.StartWaybackAsync(new WaybackOptions
        {
            Items = GeneratedItems.Daily(120, Start),
            FeedSize = 10,
            CapturedAt = CaptureTimes.Every(TimeSpan.FromDays(4), new DateTimeOffset(2019, 6, 12, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2019, 9, 30, 0, 0, 0, TimeSpan.Zero)),
            // Runs of bad captures, so the walk meets some whichever captures its spacing picks.
            BadCaptures = new Dictionary<int, CaptureKind>
            {
                [5] = CaptureKind.ArchiveErrorPage, [6] = CaptureKind.PlainText, [7] = CaptureKind.ArchiveErrorPage,
                [12] = CaptureKind.Truncated, [13] = CaptureKind.Truncated, [17] = CaptureKind.NotFound,
            },
        });
        await using var live = await PlainFeedAsync();
        using var pipeline = ArchivePipeline(live, wayback, history: "auto");

        var report = await pipeline.BackfillAsync("plain", Start);

        Assert.Equal(("archive", HistoryStatus.Finished), (report.Walk.Method, report.Walk.Status));
        await StoredExactlyAsync(pipeline, "plain", wayback.RecoverableItems);
        var badRead = wayback.Captures.Count(c => c.Kind is CaptureKind.ArchiveErrorPage or CaptureKind.PlainText
            && wayback.Requests.Any(r => r.Path.StartsWith($"/web/{c.Timestamp}")));
        Assert.True(badRead > 0, "the walk met a bad capture");
        Assert.True(report.Skipped >= badRead, $"{report.Skipped} skipped, {badRead} bad captures read"); // each counted, and the walk went on
        Assert.True(wayback.Requests.Count(r => r.Path.StartsWith("/web/")) < wayback.Captures.Count,
            "captures are spaced by what they hold, not all read");
    }

    [Fact]
    public async Task A_capture_answering_429_pauses_the_walk_and_it_resumes_without_losing_an_item()
    {
        await using var wayback = await HistorySites.StartWaybackAsync(new WaybackOptions { Items = GeneratedItems.Daily(80, Start) });
        await using var live = await PlainFeedAsync();
        using var pipeline = ArchivePipeline(live, wayback, history: "archive");
        wayback.Fault = SiteFault.TooManyRequests(5, retryAfterSeconds: 3600);

        var paused = await pipeline.BackfillAsync("plain", Start);
        var resumed = await pipeline.BackfillAsync("plain", Start);

        Assert.Contains("429", paused.Walk.Error);
        Assert.True(paused.Walk.RetryAt > DateTimeOffset.UtcNow.AddMinutes(59), "Retry-After is honoured");
        Assert.Equal(HistoryStatus.Finished, resumed.Walk.Status);
        await StoredExactlyAsync(pipeline, "plain", wayback.RecoverableItems.Since(Start));
    }

    [Fact]
    public async Task A_CDX_answer_of_50000_rows_is_read_and_sampled_by_spacing()
    {
        var from = new DateTimeOffset(2019, 6, 20, 0, 0, 0, TimeSpan.Zero);
        await using var wayback = await HistorySites.StartWaybackAsync(new WaybackOptions
        {
            Items = GeneratedItems.Daily(60, Start),
            FeedSize = 20,
            CapturedAt = CaptureTimes.Every(TimeSpan.FromMinutes(1), from, 50_000),
            BuildDateChangesEveryCapture = true,
        });
        await using var live = await PlainFeedAsync();
        using var pipeline = ArchivePipeline(live, wayback, history: "archive");

        var report = await pipeline.BackfillAsync("plain", Start).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(HistoryStatus.Finished, report.Walk.Status);
        await StoredExactlyAsync(pipeline, "plain", wayback.RecoverableItems);
        Assert.True(report.Pages < 10, $"{report.Pages} captures read: all of a month's captures hold the same 20 items");
    }

    [Fact]
    public async Task An_undated_item_in_a_capture_takes_the_captures_time_marked_as_not_its_own()
    {
        var capture = new DateTimeOffset(2019, 6, 20, 12, 0, 0, TimeSpan.Zero);
        await using var wayback = await HistorySites.StartWaybackAsync(new WaybackOptions
        {
            Items = GeneratedItems.Daily(15, Start), FeedSize = 20, CapturedAt = [capture], Undated = true,
        });
        await using var live = await PlainFeedAsync();
        using var pipeline = ArchivePipeline(live, wayback, history: "archive");

        var report = await pipeline.BackfillAsync("plain", Start);

        Assert.Equal(15, report.Kept);
        Assert.Equal(15, await pipeline.CountAsync(
            "SELECT count(*) FROM items WHERE published_at = '2019-06-20T12:00:00Z' AND date_is_first_seen AND arrived_via = 'history' AND arrived_from LIKE '%/web/20190620120000/%'"));
    }

    [Fact]
    public async Task Captures_older_than_the_horizon_are_never_read()
    {
        await using var wayback = await HistorySites.StartWaybackAsync(new WaybackOptions { Items = GeneratedItems.Daily(200, Start) });
        await using var live = await PlainFeedAsync();
        using var pipeline = ArchivePipeline(live, wayback, history: "archive");
        var since = Start.AddDays(120);

        var report = await pipeline.BackfillAsync("plain", since);

        Assert.Equal(HistoryStatus.Finished, report.Walk.Status);
        await StoredExactlyAsync(pipeline, "plain", wayback.RecoverableItems.Since(since));
        var horizon = new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var readBefore = wayback.Captures.Count(c => c.At < horizon && wayback.Requests.Any(r => r.Path.StartsWith($"/web/{c.Timestamp}")));
        Assert.True(readBefore <= 1, $"{readBefore} captures from before the horizon were read (at most the one that shows the walk reached it)");
    }

    /// <summary>A feed that offers no way back of its own: only the archive's captures hold its past.</summary>
    private static async Task<FixtureServer> PlainFeedAsync()
    {
        var live = await FixtureServer.StartAsync();
        live.Documents["feed.xml"] = Feeds.Rss("Plain feed", [Feeds.Item("live-1", "Today's item")]);
        return live;
    }

    private static TestPipeline ArchivePipeline(FixtureServer live, WaybackSite wayback, string history) =>
        new(TestCatalog.WithSourceJson(Source("plain", live.Url("doc/feed.xml"), history: history)),
            history: new HistoryOptions { Pause = TimeSpan.FromMilliseconds(1), ArchivePause = TimeSpan.FromMilliseconds(1), ArchiveUrl = wayback.BaseUrl });
}
