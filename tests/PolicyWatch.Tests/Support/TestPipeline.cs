using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyWatch.Archiving;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Crawling;
using PolicyWatch.Fetching;
using PolicyWatch.History;
using PolicyWatch.Official;
using PolicyWatch.Storage;

namespace PolicyWatch.Tests.Support;

/// <summary>The real pipeline over a real SQLite file in a temporary folder, with test-sized limits.</summary>
public sealed class TestPipeline : IDisposable
{
    private readonly Fetcher _fetcher;

    /// <summary>
    /// Fetch options for tests: the fixture servers live on loopback, so links found in their
    /// content may reach loopback through the guard's allow-list (the guard still runs on every
    /// connection). Tests of the guard itself pass options without it.
    /// </summary>
    public static FetchOptions LoopbackFetch() =>
        new() { Timeout = TimeSpan.FromSeconds(5), AllowedPrivateNetworks = ["127.0.0.0/8", "::1"] };

    /// <summary>The SQLite path that names this pipeline's database (<see cref="TestDatabases"/>: a PostgreSQL one in that run).</summary>
    public string DatabasePath { get; }

    /// <param name="databasePath">Another pipeline's database, to crawl it again under other settings; by default a new one.</param>
    public TestPipeline(string feedsJson, FetchOptions? fetch = null, TimeProvider? time = null, CrawlOptions? crawl = null, string? databasePath = null,
        HistoryOptions? history = null, OfficialOptions? official = null, ArchiveOptions? archive = null)
    {
        Folder = Directory.CreateTempSubdirectory("policywatch-test-").FullName;
        File.WriteAllText(Path.Combine(Folder, "feeds.json"), feedsJson);
        Catalog = CatalogLoader.Load(feedsJson, Path.Combine(Folder, "feeds.json"));
        DatabasePath = databasePath ?? Path.Combine(Folder, "data", "policywatch.db");
        Database = TestDatabases.Open(DatabasePath);
        Database.MigrateAsync().GetAwaiter().GetResult();
        Time = time ?? TimeProvider.System;
        Official = official ?? new OfficialOptions();
        Sources = new SourceStore(Database);
        Sources.SyncAsync(Catalog.Sources, HostOf, Time.GetUtcNow()).GetAwaiter().GetResult();
        // As at start-up (Bootstrap): the sources that save their pages, before any crawl.
        ArchiveSaves = new ArchiveSaveStore(Database);
        ArchiveSaves.SyncSourcesAsync(Catalog.Sources.Where(s => s.Archive).Select(s => s.Id).ToList(), Time.GetUtcNow()).GetAwaiter().GetResult();
        ArchivedCopies = new ArchivedCopyStore(Database);
        // Long enough for a loaded CI machine; the never-ending body is the only test that waits it out.
        Fetch = fetch ?? LoopbackFetch();
        Crawl = crawl ?? new CrawlOptions();
        _fetcher = new Fetcher(Fetch, Hosts, Time);
        var classifier = new Classifier(Catalog);
        var archiver = new PageArchiver(new CrawlStore(Database), new ArchiveStore(Database), _fetcher, classifier, Crawl, Time, NullLogger<PageArchiver>.Instance);
        OfficialStore = new OfficialStore(Database);
        Crawler = new SourceCrawler(new CrawlStore(Database), Sources, _fetcher, new OfficialReader(_fetcher, OfficialStore, Official), classifier, archiver,
            new Schedule(Crawl, () => 0), Crawl, Time, NullLogger<SourceCrawler>.Instance);
        Runner = new CrawlRunner(Catalog, Sources, Crawler, Crawl, Official, Time);
        HistoryOptions = history ?? new HistoryOptions { Pause = TimeSpan.FromMilliseconds(5), ArchivePause = TimeSpan.FromMilliseconds(5) };
        HistoryStore = new HistoryStore(Database);
        var pace = new HistoryPace(_fetcher, Time);
        IHistoryMethod[] methods =
        [
            new ArchiveChain(pace, HistoryStore, HistoryOptions), new PagedFeed(pace, HistoryOptions),
            new WordPressPaging(pace, HistoryOptions), new ArchiveCaptures(pace, HistoryOptions, Time),
        ];
        var walker = new HistoryWalker(HistoryStore, _fetcher, classifier, methods, HistoryOptions, Time, NullLogger<HistoryWalker>.Instance);
        History = new HistoryRunner(Catalog, walker, HistoryStore, HistoryOptions, Time, NullLogger<HistoryRunner>.Instance);
        ArchiveOptions = archive ?? new ArchiveOptions { Url = FixtureServer.ClosedPortUrl(), AvailabilityUrl = FixtureServer.ClosedPortUrl(), Pause = TimeSpan.Zero };
        Archive = NewArchiveRunner(ArchiveOptions);
    }

    /// <summary>A runner of archived copies over this pipeline's database and fetcher (the host gate included), with its own pace.</summary>
    public ArchiveRunner NewArchiveRunner(ArchiveOptions options, ILogger<ArchiveRunner>? logger = null) =>
        new(ArchivedCopies, ArchiveSaves, new ArchiveClient(_fetcher, options, Time), options, Time, logger ?? NullLogger<ArchiveRunner>.Instance);

    /// <summary>The host a crawl of <paramref name="source"/> talks to, as start-up writes it on the source's row.</summary>
    public string HostOf(SourceDefinition source) => SourceHost.Of(source, Official);

    /// <summary>Syncs <paramref name="feedsJson"/> into this pipeline's database, as a start with it would.</summary>
    public Task SyncAsync(string feedsJson, DateTimeOffset now) =>
        Sources.SyncAsync(CatalogLoader.Load(feedsJson, Path.Combine(Folder, "feeds.json")).Sources, HostOf, now);

    public string Folder { get; }
    public PolicyCatalog Catalog { get; }
    public Database Database { get; }
    public TimeProvider Time { get; }
    public SourceStore Sources { get; }
    public FetchOptions Fetch { get; }
    public CrawlOptions Crawl { get; }

    /// <summary>Where the parliaments' APIs are: tests point them at a local server.</summary>
    public OfficialOptions Official { get; }
    public OfficialStore OfficialStore { get; }

    /// <summary>The one gate every request of this pipeline (feeds and pages) goes through, as in the web host.</summary>
    public HostGate Hosts { get; } = new();
    public SourceCrawler Crawler { get; }
    public CrawlRunner Runner { get; }
    public HistoryOptions HistoryOptions { get; }
    public HistoryStore HistoryStore { get; }
    public HistoryRunner History { get; }

    /// <summary>Archived copies: by default the archive is a closed port, so nothing here ever reaches the real one.</summary>
    public ArchiveOptions ArchiveOptions { get; }
    public ArchivedCopyStore ArchivedCopies { get; }
    public ArchiveSaveStore ArchiveSaves { get; }
    public ArchiveRunner Archive { get; }

    /// <summary>Walks one source's history now, as the backfill command does (all pages unless bounded).</summary>
    public async Task<HistoryReport> BackfillAsync(string sourceId, DateOnly since, int maxPages = int.MaxValue, bool now = true) =>
        (await History.RunAsync([Catalog.FindSource(sourceId)!], since, maxPages, null, null, now, CancellationToken.None))[0];

    public Task<CrawlReport> CrawlAsync(string sourceId) =>
        Crawler.CrawlAsync(Catalog.FindSource(sourceId)!, CancellationToken.None);

    public async Task<SourceHealth> HealthAsync(string sourceId) =>
        (await new SourceHealthQueries(Database).ListAsync()).Single(s => s.Id == sourceId);

    public async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public void Dispose()
    {
        _fetcher.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a file still open on a slow machine: the temp folder is cleaned by the OS */ }
    }
}
