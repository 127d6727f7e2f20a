using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Support.History;
using static PolicyWatch.Tests.History.HistoryAssertions;

namespace PolicyWatch.Tests.History;

/// <summary>History walks of sites that say how to go back: RFC 5005 archives and paged feeds.</summary>
public sealed class FeedHistoryTests
{
    private static readonly DateOnly Start = new(2019, 6, 1);

    [Theory]
    [InlineData(FeedFormat.Atom)]
    [InlineData(FeedFormat.Rss)]
    public async Task An_archive_chain_is_walked_to_its_first_archive_and_every_item_is_stored_once(FeedFormat format)
    {
        await using var site = await HistorySites.StartArchivedFeedAsync(new ArchivedFeedOptions { Format = format, Items = GeneratedItems.Daily(95, Start) });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("archived", site.FeedUrl)));

        var report = await pipeline.BackfillAsync("archived", Start);

        Assert.Equal(("rfc5005", HistoryStatus.Finished), (report.Walk.Method, report.Walk.Status));
        await StoredExactlyAsync(pipeline, "archived", site.Items.Where(i => !site.SubscriptionItems.Contains(i) || site.ArchiveItems(site.ArchiveCount).Contains(i)));
        Assert.Equal(site.ArchiveCount, report.Pages);
        Assert.Equal(DateOnly.FromDateTime(site.Items[0].Published.UtcDateTime), DateOnly.FromDateTime(report.Walk.OldestAt!.Value.UtcDateTime));
    }

    [Fact]
    public async Task Archives_once_read_are_never_fetched_again_and_a_crawl_after_the_walk_adds_only_what_is_new()
    {
        await using var site = await HistorySites.StartArchivedFeedAsync(new ArchivedFeedOptions { Items = GeneratedItems.Daily(100, Start) });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("archived", site.FeedUrl)));
        await pipeline.BackfillAsync("archived", Start);
        var archiveRequests = site.Requests.Count(r => r.Path.StartsWith("/archive/"));

        var crawl = await pipeline.CrawlAsync("archived");
        var again = await pipeline.BackfillAsync("archived", Start.AddYears(-1)); // a horizon further back reopens the walk

        Assert.Equal(10, crawl.New); // the subscription document's items: not in any archive yet
        Assert.Equal(0, again.Kept);
        Assert.Equal(HistoryStatus.Finished, again.Walk.Status);
        Assert.Equal(archiveRequests, site.Requests.Count(r => r.Path.StartsWith("/archive/")));
        await StoredExactlyAsync(pipeline, "archived", site.Items);
    }

    [Fact]
    public async Task A_prev_archive_cycle_ends_the_walk_without_duplicates()
    {
        await using var site = await HistorySites.StartArchivedFeedAsync(new ArchivedFeedOptions { Items = GeneratedItems.Daily(40, Start), Cycle = true });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("cycle", site.FeedUrl)));

        var report = await pipeline.BackfillAsync("cycle", Start).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HistoryStatus.Finished, report.Walk.Status);
        await StoredExactlyAsync(pipeline, "cycle", site.Items.Except(site.SubscriptionItems));
        Assert.All(site.Requests.Where(r => r.Path.StartsWith("/archive/")).GroupBy(r => r.PathAndQuery), g => Assert.Single(g));
    }

    [Fact]
    public async Task The_walk_stops_at_the_horizon_and_stores_nothing_older()
    {
        await using var site = await HistorySites.StartArchivedFeedAsync(new ArchivedFeedOptions { Items = GeneratedItems.Daily(100, Start) });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("archived", site.FeedUrl)));
        var since = Start.AddDays(55);

        var report = await pipeline.BackfillAsync("archived", since);

        Assert.Equal(HistoryStatus.Finished, report.Walk.Status);
        await StoredExactlyAsync(pipeline, "archived", site.Items.Except(site.SubscriptionItems).Since(since));
        Assert.True(site.HitsOnPath("/archive/1.atom") == 0, "archives wholly before the horizon are never fetched");
    }

    [Fact]
    public async Task A_paged_feed_is_walked_to_its_last_page()
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions { Items = GeneratedItems.Daily(45, Start) });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("paged", site.FeedUrl)));

        var report = await pipeline.BackfillAsync("paged", Start);

        Assert.Equal(("paged", HistoryStatus.Finished), (report.Walk.Method, report.Walk.Status));
        await StoredExactlyAsync(pipeline, "paged", site.Items.Except(site.PageItems(1)));
    }

    [Fact]
    public async Task A_next_link_back_to_the_first_page_ends_the_walk_without_duplicates()
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions { Items = GeneratedItems.Daily(30, Start), NextLinkLoops = true });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("loops", site.FeedUrl)));

        var report = await pipeline.BackfillAsync("loops", Start).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HistoryStatus.Finished, report.Walk.Status);
        await StoredExactlyAsync(pipeline, "loops", site.Items);
    }

    [Fact]
    public async Task Keep_matching_sources_keep_only_matching_items_from_history_too()
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions { Items = GeneratedItems.Daily(60, Start) });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("general", site.FeedUrl, keep: "matching")));

        var report = await pipeline.BackfillAsync("general", Start);

        Assert.True(report.Skipped > 0);
        await StoredExactlyAsync(pipeline, "general", site.Items.Except(site.PageItems(1)).Where(i => i.OnTopic));
    }

    [Fact]
    public async Task A_server_error_halfway_pauses_the_walk_which_resumes_from_the_same_page()
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions { Items = GeneratedItems.Daily(60, Start) });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("paged", site.FeedUrl)));
        site.Fault = SiteFault.ServerError(4);

        var paused = await pipeline.BackfillAsync("paged", Start);
        var waiting = await pipeline.BackfillAsync("paged", Start, now: false);
        var resumed = await pipeline.BackfillAsync("paged", Start);

        Assert.Equal(HistoryStatus.Walking, paused.Walk.Status);
        Assert.Contains("HTTP 500", paused.Walk.Error);
        Assert.NotNull(paused.Walk.RetryAt);
        Assert.Equal(0, waiting.Pages); // the scheduler waits until the retry time
        Assert.Equal(HistoryStatus.Finished, resumed.Walk.Status);
        await StoredExactlyAsync(pipeline, "paged", site.Items.Except(site.PageItems(1)));
    }

    [Fact]
    public async Task A_walk_bounded_per_turn_resumes_where_it_stopped_until_finished()
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions { Items = GeneratedItems.Daily(80, Start) });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("paged", site.FeedUrl)));

        var turns = new List<PolicyWatch.History.HistoryReport>();
        do turns.Add(await pipeline.BackfillAsync("paged", Start, maxPages: 2, now: false));
        while (turns[^1].Walk.Status == HistoryStatus.Walking && turns.Count < 20);

        Assert.Equal(HistoryStatus.Finished, turns[^1].Walk.Status);
        Assert.All(turns, t => Assert.True(t.Pages <= 2));
        Assert.Equal(site.PageCount - 1, site.Requests.Count(r => r.PathAndQuery.Contains("page=")));
        await StoredExactlyAsync(pipeline, "paged", site.Items.Except(site.PageItems(1)));
    }

    [Fact]
    public async Task A_walk_stops_after_History_MaxPagesPerWalk_pages_in_all_and_says_so()
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions { Items = GeneratedItems.Daily(80, Start) });
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(Source("paged", site.FeedUrl)),
            history: new PolicyWatch.History.HistoryOptions { Pause = TimeSpan.Zero, MaxPagesPerWalk = 3 });

        var first = await pipeline.BackfillAsync("paged", Start, maxPages: 2, now: false);
        var second = await pipeline.BackfillAsync("paged", Start, now: false);

        Assert.Equal((2, 1), (first.Pages, second.Pages));
        Assert.Equal(HistoryStatus.Finished, second.Walk.Status);
        Assert.Contains("History:MaxPagesPerWalk", second.Walk.Error);
        Assert.Equal(3, site.Requests.Count(r => r.PathAndQuery.Contains("page=")));
    }
}
