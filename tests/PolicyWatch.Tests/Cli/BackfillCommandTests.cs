using Microsoft.Data.Sqlite;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Support.History;
using static PolicyWatch.Tests.History.HistoryAssertions;

namespace PolicyWatch.Tests.Cli;

/// <summary><c>backfill</c>: the real executable walks the fixture sites' history, says how it went, and resumes after a kill.</summary>
public sealed class BackfillCommandTests : IDisposable
{
    private static readonly DateOnly Start = new(2019, 6, 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-backfill-").FullName;

    private string FeedsPath => Path.Combine(_folder, "feeds.json");
    private string DbPath => Path.Combine(_folder, "data", "policywatch.db");

    // Loopback is where the fixtures live; short pauses keep the test quick (the politeness rule is the same).
    private string[] Args(params string[] command) =>
        [.. command, "--feeds", FeedsPath, "--db", TestDatabases.For(DbPath), "--Fetch:AllowedPrivateNetworks:0=127.0.0.0/8", "--History:Pause=00:00:00.005", "--Fetch:Timeout=00:00:05"];

    private Task WriteFeedsAsync(DateOnly since, params string[] sources) =>
        File.WriteAllTextAsync(FeedsPath, TestCatalog.WithSourceJson(sources).Replace("{\n  \"jurisdictions\"", $"{{\n  \"history\": {{ \"since\": \"{since:yyyy-MM-dd}\" }},\n  \"jurisdictions\"", StringComparison.Ordinal));

    [Fact]
    public async Task Backfill_walks_every_source_prints_a_line_each_and_a_summary_and_exits_1_when_one_failed()
    {
        await using var paged = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions { Items = GeneratedItems.Daily(40, Start) });
        await using var wordpress = await HistorySites.StartWordPressAsync(new WordPressOptions { Items = GeneratedItems.Daily(35, Start) });
        await WriteFeedsAsync(Start.AddDays(10),
            Source("paged", paged.FeedUrl), Source("wp", wordpress.FeedUrl, keep: "matching"), Source("down", FixtureServer.ClosedPortUrl()));

        var result = await CliProcess.RunAsync(Args("backfill"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Walking the history of 3 sources back to {Start.AddDays(10):yyyy-MM-dd}", result.Stdout);
        Assert.Matches(@"\[\d/3\] paged\s+paged\s+finished\s+3 pages, 30 found, 20 kept, oldest 2019-06-11", result.Stdout);
        Assert.Matches(@"\[\d/3\] wp\s+wordpress\s+finished\s+", result.Stdout);
        Assert.Matches(@"\[\d/3\] down\s+-\s+paused\s+0 pages.*the feed could not be fetched: cannot connect", result.Stdout);
        Assert.Contains("Done: 2 finished or had nothing, 1 failed;", result.Stdout);
        using var pipeline = new TestPipeline(await File.ReadAllTextAsync(FeedsPath), databasePath: DbPath);
        await StoredExactlyAsync(pipeline, "paged", paged.Items.Except(paged.PageItems(1)).Since(Start.AddDays(10)));
        await StoredExactlyAsync(pipeline, "wp", wordpress.Items.Except(wordpress.FeedPageItems(1)).Since(Start.AddDays(10)).Where(i => i.OnTopic));
    }

    [Fact]
    public async Task A_backfill_killed_mid_walk_resumes_where_it_stopped_and_stores_every_item_once()
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions
        {
            Items = GeneratedItems.Daily(600, Start), PageSize = 10, ResponseDelay = TimeSpan.FromMilliseconds(30),
        });
        await WriteFeedsAsync(Start, Source("paged", site.FeedUrl));
        using (var walk = CliProcess.Start(Args("backfill")))
        {
            long stored = 0;
            for (var deadline = DateTime.UtcNow.AddSeconds(60); stored < 150 && DateTime.UtcNow < deadline; await Task.Delay(20))
                stored = await CountItemsAsync();
            Assert.False(walk.HasExited, "the walk should still be running when it is killed");
            walk.Kill(entireProcessTree: true); // SIGKILL, mid-walk
            await walk.WaitForExitAsync();
        }
        var pagesBefore = site.Requests.Count(r => r.PathAndQuery.Contains("page="));

        var result = await CliProcess.RunAsync(Args("backfill"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("finished", result.Stdout);
        var pagesAfter = site.Requests.Count(r => r.PathAndQuery.Contains("page=")) - pagesBefore;
        // Resumed, not restarted: the pages read before the kill are not read again (but the one in flight).
        Assert.True(pagesAfter <= site.PageCount - 1 - pagesBefore + 1, $"{pagesBefore} pages before the kill, {pagesAfter} after");
        using var pipeline = new TestPipeline(await File.ReadAllTextAsync(FeedsPath), databasePath: DbPath);
        await StoredExactlyAsync(pipeline, "paged", site.Items.Except(site.PageItems(1)));
    }

    private Task<long> CountItemsAsync() => TestDatabases.CountItemsAsync(DbPath);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* the OS cleans temp folders */ }
    }
}
