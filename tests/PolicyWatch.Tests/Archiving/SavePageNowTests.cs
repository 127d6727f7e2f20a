using System.Collections.Concurrent;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using PolicyWatch.Archiving;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using static PolicyWatch.Tests.Support.ArchiveStandIn;

namespace PolicyWatch.Tests.Archiving;

/// <summary>
/// Asking the archive to capture the new items of sources with <c>"archive": true</c> (Save Page Now 2, a
/// stand-in on 127.0.0.1): the queue, its polls, failures and their backoff, the rate limit, credentials,
/// and a queue that survives a restart.
/// </summary>
public sealed class SavePageNowTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_new_item_is_captured_pending_at_the_first_poll_saved_at_the_second_and_cited_from_then_on()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 1, archive: true, manualClock: true);
        await f.CrawlAsync();
        var id = await f.ItemIdAsync(1);

        var first = await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        var submitted = await f.Pipeline.ArchiveSaves.GetAsync(id);
        f.Clock!.Advance(Minute);
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        var pending = await f.Pipeline.ArchiveSaves.GetAsync(id);
        f.Clock.Advance(Minute);
        var last = await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), (first.Queued, first.Submitted));
        Assert.Equal(SaveStatus.Submitted, submitted!.Status);
        Assert.Equal(SaveStatus.Submitted, pending!.Status);
        Assert.Equal(1, last.Saved);
        Assert.Equal(SaveStatus.Saved, (await f.Pipeline.ArchiveSaves.GetAsync(id))!.Status);
        var post = Assert.Single(f.Archive.SaveRequests);
        Assert.Equal(ArchiveFixtures.PageUrl(1), post.PageUrl);
        Assert.Equal("application/json", post.Accept);
        Assert.Equal(2, f.Archive.Polls.Count());
        var copy = await f.CopyAsync(1);
        Assert.Equal($"{f.Archive.BaseUrl}web/20251127093000/{ArchiveFixtures.PageUrl(1)}", copy.CopyUrl);
        Assert.Equal(("2025-11-27T09:30:00Z", "save"), (copy.CapturedAt, copy.FoundVia));
        Assert.Null(copy.NextLookupAt);
    }

    [Fact]
    public async Task Without_credentials_no_authorization_is_sent_and_with_them_LOW_key_secret_is_and_never_logged_or_stored()
    {
        await using var anonymous = await ArchiveFixtures.StartAsync(items: 1, archive: true);
        await anonymous.CrawlAsync();
        await anonymous.Pipeline.Archive.RunAsync(CancellationToken.None);

        await using var f = await ArchiveFixtures.StartAsync(items: 2, archive: true, manualClock: true);
        f.Archive.Saves[ArchiveFixtures.PageUrl(2)] = Reply.File("save-refused-echo.json");
        var log = new ListLogger<ArchiveRunner>();
        var options = f.Options(o => { o.AccessKey = "key"; o.Secret = "s3cret-value"; return o; });
        var runner = f.Pipeline.NewArchiveRunner(options, log);
        await f.CrawlAsync();
        await runner.RunAsync(CancellationToken.None);
        f.Clock!.Advance(Minute);
        await runner.RunAsync(CancellationToken.None);
        f.Archive.DefaultJobStatuses = [Reply.Error(503, "60")];
        f.Clock.Advance(Minute);
        await runner.RunAsync(CancellationToken.None);

        Assert.Null(Assert.Single(anonymous.Archive.SaveRequests).Authorization);
        Assert.All(f.Archive.SaveRequests.Concat(f.Archive.Polls), r => Assert.Equal("LOW key:s3cret-value", r.Authorization));
        Assert.All(f.Archive.Lookups, r => Assert.Null(r.Authorization));
        var refused = await f.Pipeline.ArchiveSaves.GetAsync(await f.ItemIdAsync(2));
        Assert.Equal("the archive refused the capture: Invalid credentials: LOW [redacted]:[redacted] is not known here.", refused!.LastError);
        Assert.NotEmpty(log.Messages);
        Assert.All(log.Messages, m => Assert.DoesNotContain("s3cret", m));
        await AssertNowhereStoredAsync(f.Pipeline, "s3cret");
    }

    /// <summary>No byte of the SQLite file (and its journal) holds <paramref name="secret"/>; on PostgreSQL, no row of any table.</summary>
    private static async Task AssertNowhereStoredAsync(TestPipeline pipeline, string secret)
    {
        if (!TestDatabases.OnPostgres)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(pipeline.DatabasePath)!))
                Assert.DoesNotContain(secret, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)));
            return;
        }
        await using var connection = await pipeline.Database.OpenAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).AsList();
        Assert.Contains("archive_saves", tables);
        foreach (var table in tables)
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{table}\" t WHERE t::text LIKE @Secret", new { Secret = $"%{secret}%" }));
    }

    [Fact]
    public async Task A_capture_that_ends_in_error_is_retried_after_a_backoff_and_given_up_after_the_last_attempt()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 1, archive: true, manualClock: true, options: o => { o.MaxSaveAttempts = 2; return o; });
        f.Archive.DefaultJobStatuses = [Reply.File("save-status-error.json")];
        await f.CrawlAsync();
        var id = await f.ItemIdAsync(1);

        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        f.Clock!.Advance(Minute);
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        var retry = await f.Pipeline.ArchiveSaves.GetAsync(id);
        f.Clock.Advance(TimeSpan.FromMinutes(29));
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        Assert.Single(f.Archive.SaveRequests);
        f.Clock.Advance(Minute);
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        f.Clock.Advance(Minute);
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        var given = await f.Pipeline.ArchiveSaves.GetAsync(id);
        f.Clock.Advance(TimeSpan.FromDays(3));
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal(SaveStatus.Queued, retry!.Status);
        Assert.Equal(1, retry.Attempts);
        Assert.Equal("the capture failed: error:service-unavailable: Your capture did not succeed. The server is temporarily unavailable.", retry.LastError);
        Assert.Equal(f.Clock.Now - TimeSpan.FromDays(3) - Minute, retry.NextTryAt);
        Assert.Equal((SaveStatus.Failed, 2, (DateTimeOffset?)null), (given!.Status, given.Attempts, given.NextTryAt));
        Assert.Equal(2, f.Archive.SaveRequests.Count());
        Assert.Null((await f.CopyAsync(1)).CopyUrl);
    }

    [Fact]
    public async Task A_429_keeps_the_page_and_its_tries_queued_until_retry_after_and_pauses_saves_meanwhile()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 2, archive: true, manualClock: true);
        f.Archive.Saves[ArchiveFixtures.PageUrl(1)] = Reply.Error(429, "3600");
        await f.CrawlAsync();

        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        var limited = await f.Pipeline.ArchiveSaves.GetAsync(await f.ItemIdAsync(1));
        f.Clock!.Advance(TimeSpan.FromMinutes(59));
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        Assert.Equal([ArchiveFixtures.PageUrl(1)], f.Archive.SaveRequests.Select(r => r.PageUrl));
        f.Archive.Saves.Clear();
        f.Clock.Advance(Minute);
        var report = await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal(SaveStatus.Queued, limited!.Status);
        Assert.Equal(0, limited.Attempts);
        Assert.StartsWith("HTTP 429", limited.LastError);
        Assert.Equal(f.Clock.Now, limited.NextTryAt);
        Assert.Equal(2, report.Submitted);
        Assert.Equal(3, f.Archive.SaveRequests.Count());
    }

    [Fact]
    public async Task A_refused_submission_uses_a_try_and_the_archive_being_down_does_not()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 1, archive: true);
        f.Archive.Saves[ArchiveFixtures.PageUrl(1)] = Reply.File("save-refused.json");
        await f.CrawlAsync();
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        var refused = await f.Pipeline.ArchiveSaves.GetAsync(await f.ItemIdAsync(1));

        await using var down = await ArchiveFixtures.StartAsync(items: 1, archive: true,
            options: o => { o.Url = new Uri(FixtureServer.ClosedPortUrl().GetLeftPart(UriPartial.Authority)); return o; });
        await down.CrawlAsync();
        var report = await down.Pipeline.Archive.RunAsync(CancellationToken.None);
        var waiting = await down.Pipeline.ArchiveSaves.GetAsync(await down.ItemIdAsync(1));

        Assert.Equal((SaveStatus.Queued, 1), (refused!.Status, refused.Attempts));
        Assert.Equal($"the archive refused the capture: Cannot resolve host {ArchiveFixtures.PageUrl(1)}.", refused.LastError);
        Assert.Equal((1, 1), (report.Submitted, report.Failed));
        Assert.Equal((SaveStatus.Queued, 0), (waiting!.Status, waiting.Attempts));
        Assert.StartsWith("cannot connect", waiting.LastError);
        Assert.True(waiting.NextTryAt > DateTimeOffset.UtcNow.AddMinutes(29));
    }

    [Fact]
    public async Task A_turn_submits_at_most_MaxSavesPerRun_pages()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 5, archive: true, options: o => { o.MaxSavesPerRun = 2; return o; });
        await f.CrawlAsync();

        var counts = new List<int>();
        for (var turn = 0; turn < 3; turn++) counts.Add((await f.Pipeline.Archive.RunAsync(CancellationToken.None)).Submitted);

        Assert.Equal([2, 2, 1], counts);
        Assert.Equal(5, f.Archive.SaveRequests.Select(r => r.PageUrl).Distinct().Count());
    }

    [Fact]
    public async Task Only_items_a_saving_source_stores_after_archive_was_turned_on_are_queued()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 3, archive: false);
        f.Feeds.Documents["other.xml"] = Feeds.Rss("Other", [Feeds.Item("other-1", "Other about chat control", ArchiveFixtures.Published)]);
        await f.CrawlAsync();
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        f.NewPipeline(archive: true); // a restart with "archive": true in feeds.json
        f.SetItems(4);
        await f.CrawlAsync();
        Assert.Null((await f.Pipeline.CrawlAsync("other")).Error);
        await using (var connection = await f.Pipeline.Database.OpenAsync())
            await connection.ExecuteAsync(
                """
                INSERT INTO items (source_id, guid, kind, title, url, published_at, first_seen_at, last_changed_at, content_hash, arrived_via)
                VALUES ('news', 'old', 'article', 'Recovered by a history walk', 'https://example.org/old', @Published, @Seen, @Seen, 'h', 'history')
                """, new { Published = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), Seen = new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero) });
        var report = await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Equal(1, report.Queued);
        Assert.Equal([ArchiveFixtures.PageUrl(4)], f.Archive.SaveRequests.Select(r => r.PageUrl));
        Assert.Equal(1, await f.Pipeline.CountAsync("SELECT count(*) FROM archive_saves"));

        // Turned off again: nothing new is queued.
        f.NewPipeline(archive: false);
        f.SetItems(5);
        await f.CrawlAsync();
        Assert.Equal(0, (await f.Pipeline.Archive.RunAsync(CancellationToken.None)).Queued);
    }

    [Fact]
    public async Task The_queue_survives_a_restart()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 3, archive: true, manualClock: true, options: o => { o.MaxSavesPerRun = 1; return o; });
        await f.CrawlAsync();
        await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        Assert.Single(f.Archive.SaveRequests);

        f.NewPipeline(o => { o.MaxSavesPerRun = 1; return o; });
        for (var turn = 0; turn < 4; turn++)
        {
            f.Clock!.Advance(Minute);
            await f.Pipeline.Archive.RunAsync(CancellationToken.None);
        }

        Assert.Equal(Enumerable.Range(1, 3).Select(ArchiveFixtures.PageUrl), f.Archive.SaveRequests.Select(r => r.PageUrl));
        Assert.Equal(3, await f.Pipeline.CountAsync("SELECT count(*) FROM archive_saves WHERE status = 'saved'"));
        Assert.Equal(3, await f.Pipeline.CountAsync("SELECT count(*) FROM archived_copies WHERE found_via = 'save'"));
    }

    [Fact]
    public async Task A_page_the_archive_holds_a_copy_of_since_its_publication_is_not_saved_again()
    {
        await using var f = await ArchiveFixtures.StartAsync(items: 1, archive: true);
        f.Archive.DefaultAvailability = Reply.File("available-found.json");
        await f.CrawlAsync();

        await f.Pipeline.Archive.RunAsync(CancellationToken.None);

        Assert.Empty(f.Archive.SaveRequests);
        Assert.Equal(SaveStatus.Skipped, (await f.Pipeline.ArchiveSaves.GetAsync(await f.ItemIdAsync(1)))!.Status);
    }
}

/// <summary>Every message a logger was given, formatted.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Enqueue(formatter(state, exception) + (exception is null ? "" : "\n" + exception));
}
