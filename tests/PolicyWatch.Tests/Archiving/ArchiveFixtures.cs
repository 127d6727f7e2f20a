using Dapper;
using PolicyWatch.Archiving;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Archiving;

/// <summary>A feed to crawl, a stand-in archive and a pipeline between them, for the archived-copies tests.</summary>
internal sealed class ArchiveFixtures : IAsyncDisposable
{
    public static readonly DateTimeOffset Published = new(2025, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private ArchiveFixtures(FixtureServer feeds, ArchiveStandIn archive)
    {
        Feeds = feeds;
        Archive = archive;
    }

    public FixtureServer Feeds { get; }
    public ArchiveStandIn Archive { get; }
    public TestPipeline Pipeline { get; private set; } = null!;

    /// <summary>A time the test moves by hand (tests of waits); the system's otherwise.</summary>
    public ManualClock? Clock { get; private set; }

    /// <param name="items">How many items the feed "news.xml" carries: https://example.org/item-1 … item-N, hourly from <see cref="Published"/>.</param>
    /// <param name="archive">The source's <c>"archive"</c> key: ask the archive to capture each new item's page.</param>
    public static async Task<ArchiveFixtures> StartAsync(int items = 3, bool archive = false, Func<ArchiveOptions, ArchiveOptions>? options = null,
        bool manualClock = false)
    {
        var fixtures = new ArchiveFixtures(await FixtureServer.StartAsync(), await ArchiveStandIn.StartAsync());
        fixtures.SetItems(items);
        fixtures.Clock = manualClock ? new ManualClock(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero)) : null;
        fixtures._archive = archive;
        fixtures.Pipeline = fixtures.NewPipeline(options);
        return fixtures;
    }

    private bool _archive;
    private readonly List<TestPipeline> _pipelines = [];

    public void SetItems(int count) =>
        Feeds.Documents["news.xml"] = Support.Feeds.Rss("News",
            Enumerable.Range(1, count).Select(i => Support.Feeds.Item($"item-{i}", $"Item {i} about chat control", Published.AddHours(i))));

    public static string PageUrl(int i) => $"https://example.org/item-{i}";

    /// <summary>The options every test starts from: this stand-in, no pause (the pace test sets one).</summary>
    public ArchiveOptions Options(Func<ArchiveOptions, ArchiveOptions>? adjust = null)
    {
        var options = new ArchiveOptions { Url = Archive.BaseUrl, AvailabilityUrl = Archive.BaseUrl, Pause = TimeSpan.Zero };
        return adjust is null ? options : adjust(options);
    }

    public string FeedsJson(bool? archive = null) => TestCatalog.WithSourceJson(
        $$"""{ "id": "news", "name": "News", "url": "{{Feeds.Url("doc/news.xml")}}", "jurisdiction": "eu", "every": "30m"{{((archive ?? _archive) ? ", \"archive\": true" : "")}} }""",
        $$"""{ "id": "other", "name": "Other", "url": "{{Feeds.Url("doc/other.xml")}}", "jurisdiction": "eu", "every": "30m" }""");

    /// <summary>
    /// A new pipeline over the same database, as after a restart (nothing kept in memory), or the first one.
    /// It becomes <see cref="Pipeline"/>; the earlier ones are disposed with the fixtures (the first owns the file).
    /// </summary>
    public TestPipeline NewPipeline(Func<ArchiveOptions, ArchiveOptions>? options = null, bool? archive = null)
    {
        var pipeline = new TestPipeline(FeedsJson(archive), time: Clock, databasePath: _pipelines.FirstOrDefault()?.DatabasePath, archive: Options(options));
        _pipelines.Add(pipeline);
        return Pipeline = pipeline;
    }

    public async Task CrawlAsync() => Assert.Null((await Pipeline.CrawlAsync("news")).Error);

    public async Task<long> ItemIdAsync(int i) =>
        await Pipeline.CountAsync("SELECT id FROM items WHERE url = @Url", new { Url = PageUrl(i) });

    public async Task<CopyRow> CopyAsync(int i)
    {
        await using var connection = await Pipeline.Database.OpenAsync();
        return await connection.QuerySingleAsync<CopyRow>(
            """
            SELECT i.url AS PageUrl, c.copy_url AS CopyUrl, c.captured_at AS Captured, c.found_via AS FoundVia,
                   c.looked_up_at AS LookedUp, c.attempts AS Attempts, c.last_error AS LastError, c.next_lookup_at AS NextLookup
            FROM archived_copies c JOIN items i ON i.id = c.item_id WHERE i.url = @Url
            """, new { Url = PageUrl(i) });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pipeline in Enumerable.Reverse(_pipelines)) pipeline.Dispose();
        await Archive.DisposeAsync();
        await Feeds.DisposeAsync();
    }
}

/// <summary>One row of archived_copies, as stored; its times also as UTC text (as SQLite keeps them), which the tests compare.</summary>
internal sealed record CopyRow
{
    public required string PageUrl { get; init; }
    public string? CopyUrl { get; init; }
    public DateTimeOffset? Captured { get; init; }
    public string? FoundVia { get; init; }
    public DateTimeOffset? LookedUp { get; init; }
    public long Attempts { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? NextLookup { get; init; }

    public string? CapturedAt => Text(Captured);
    public string? LookedUpAt => Text(LookedUp);
    public string? NextLookupAt => Text(NextLookup);

    private static string? Text(DateTimeOffset? at) => at is { } value ? UtcTimestamp.ToText(value) : null;
}

/// <summary>A clock the test moves; timers still run on real time, and the archive tests set no pause.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
