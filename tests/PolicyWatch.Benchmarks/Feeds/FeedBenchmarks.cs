using BenchmarkDotNet.Attributes;
using Dapper;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Syndication;

namespace PolicyWatch.Benchmarks.Feeds;

/// <summary>
/// A 50-entry feed end to end below HTTP (pick the items, load their details, write Atom) and
/// the 304 path (the validator query alone), over a 20,000-item SQLite file built in setup.
/// The million-item load run calls /feeds/j/eu.atom over HTTP; this is the small, quick one.
/// Run: dotnet run -c Release --project tests/PolicyWatch.Benchmarks -- --filter '*FeedBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class FeedBenchmarks
{
    private const int Items = 20_000;
    private static readonly Uri Site = new("https://pw.example/");
    private readonly FeedOptions _options = new();
    private readonly ItemFilter _eu = new() { Jurisdiction = "eu", Order = ItemOrder.Date };
    private string _folder = "";
    private Database _database = null!;
    private ItemQueries _items = null!;
    private FeedQueries _feeds = null!;
    private PolicyCatalog _catalog = null!;
    private FeedDocument _document = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _folder = Directory.CreateTempSubdirectory("policywatch-bench-").FullName;
        _database = new Database(Path.Combine(_folder, "pw.db"));
        await _database.MigrateAsync();
        _catalog = CatalogLoader.Load(
            """{ "jurisdictions": { "eu": "EU", "uk": "UK" }, "dossiers": [], "topics": [], "sources": [ { "id": "s", "name": "S", "url": "https://s.example/feed", "type": "feed", "jurisdiction": "eu", "every": "1h" } ] }""",
            Path.Combine(_folder, "feeds.json"));
        await using (var connection = await _database.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES ('s', 'S', 'https://s.example/feed', 'feed', 'eu', 3600)");
            await using var transaction = await connection.BeginTransactionAsync();
            var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < Items; i++)
            {
                var at = UtcTimestamp.ToText(start.AddMinutes(i * 7));
                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO items (source_id, guid, kind, title, url, author, authors, summary_html, summary_text, published_at, first_seen_at, last_changed_at, content_hash)
                    VALUES ('s', @Guid, 'article', @Title, @Url, 'Jane Doe', 'Jane Doe', '<p>A summary of the story with <b>some</b> markup.</p>', 'A summary', @At, @At, @At, @Guid)
                    RETURNING id
                    """, new { Guid = $"g{i}", Title = $"Story {i} about chat control", Url = $"https://news.example/{i}", At = at }, transaction);
                await connection.ExecuteAsync("INSERT INTO item_jurisdictions VALUES (@J, @Id, @At)", new { J = i % 2 == 0 ? "eu" : "uk", Id = id, At = at }, transaction);
            }
            await transaction.CommitAsync();
        }
        _items = new ItemQueries(_database);
        _feeds = new FeedQueries(_database);
        _document = await BuildAsync();
    }

    private async Task<FeedDocument> BuildAsync()
    {
        var page = await _items.PageAsync(_eu, null, 50);
        var details = await _feeds.DetailsAsync(page.Items.Select(i => i.Id).ToList());
        var entries = page.Items.Select(i => TimelineFeed.Entry(i, details.GetValueOrDefault(i.Id), _catalog, _options, Site)).ToList();
        return new FeedDocument("tag:x:feed", "EU", null, new Uri(Site, "feeds/j/eu.atom"), new Uri(Site, "j/eu"), entries[0].Updated, entries);
    }

    [Benchmark(Description = "304 path: validator query")]
    public Task<FeedVersion> NotModified() => _feeds.VersionAsync(_eu);

    [Benchmark(Description = "50-entry Atom: render only")]
    public Task RenderAtom() => SyndicationFormat.Atom.WriteAsync(_document, Stream.Null);

    [Benchmark(Description = "50-entry JSON Feed: render only")]
    public Task RenderJson() => SyndicationFormat.Json.WriteAsync(_document, Stream.Null);

    [Benchmark(Description = "50-entry Atom: query + render")]
    public async Task QueryAndRenderAtom() => await SyndicationFormat.Atom.WriteAsync(await BuildAsync(), Stream.Null);

    [GlobalCleanup]
    public void CleanUp()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
