using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// The real host after its scheduler crawled a fixture server: an EU source with 60 notes on chat control
/// (more than a page), a story carried by two sources, an untagged item, UK coverage of a topic,
/// 250 US items (more than an export page), a failing source and a curated milestone.
/// </summary>
public sealed class SiteFixture : IAsyncLifetime
{
    public const int EuNotes = 60, BulkItems = 250;

    /// <summary>Everything stored: the EU notes, the story and the newsletter, two wire items, one UK item, the bulk items, one milestone.</summary>
    public const int TotalItems = EuNotes + 2 + 2 + 1 + BulkItems + 1;
    public static readonly DateTimeOffset StoryDate = new(2025, 11, 26, 10, 0, 0, TimeSpan.Zero);
    public const string ArchivedText = "The Council debated the regulation.\n\nMinisters disagreed on scanning & encryption.";

    private FixtureServer _server = null!;

    public RunningHost Host { get; private set; } = null!;

    /// <summary>The item id of the story with an author, a tracking parameter in its link and an archived text.</summary>
    public long StoryId { get; private set; }

    /// <summary>The same story from the global wire.</summary>
    public long WireStoryId { get; private set; }

    public string DatabasePath => Path.Combine(Host.Folder, "data", "pw.db");

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.Documents["eu.xml"] = Rss("EU news",
            Enumerable.Range(1, EuNotes).Select(i => ItemXml($"note-{i}", $"Weekly note {i} on chat control",
                new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(2 * i), $"https://example.org/notes/{i}", "A short note."))
            .Append(ItemXml("story", "Council <b>debates</b> chat control & encryption", StoryDate,
                "https://example.org/story?utm_source=feed", "Ministers met in Brussels.", author: "Jane Doe"))
            .Append(ItemXml("privacy", "A privacy newsletter", StoryDate.AddDays(-1), "https://example.org/privacy", "Nothing in particular.")));
        _server.Documents["wire.xml"] = Rss("Wire",
        [
            ItemXml("wire-story", "Wire: Council debates chat control", StoryDate.AddHours(1), "https://example.org/story", "From the wire."),
            ItemXml("weather", "Weather today", StoryDate.AddHours(2), "https://example.org/weather", "Sunny."),
        ]);
        _server.Documents["uk.xml"] = Feeds.Rss("UK news",
            [Feeds.Item("uk-1", "Ofcom codes on client-side scanning published", new DateTimeOffset(2024, 12, 16, 9, 0, 0, TimeSpan.Zero))]);
        Host = await RunningHost.StartAsync(CatalogJson());
        await RunningHost.EventuallyAsync(async () => await CountAsync() == TotalItems, "the scheduler's first crawl");
        StoryId = await IdAsync("story");
        WireStoryId = await IdAsync("wire-story");
        await using var connection = await TestDatabases.Open(DatabasePath).OpenAsync();
        await connection.ExecuteAsync(
            $"UPDATE items SET archived_text = {TestDatabases.Pack("@Text")}, archived_at = @At, archived_hash = 'abc123' WHERE id = @Id",
            new { Text = ArchivedText, At = new DateTimeOffset(2025, 11, 27, 8, 0, 0, TimeSpan.Zero), Id = StoryId });
        await connection.ExecuteAsync("UPDATE items SET archive_error = @Error, archive_attempts = 3 WHERE id = @Id", new { Error = WireArchiveError, Id = WireStoryId });
    }

    /// <summary>Why the wire story's page has no archived copy.</summary>
    public const string WireArchiveError = "refused to connect to 127.0.0.1: 127.0.0.1 is a loopback address <b>";

    private async Task<long> CountAsync() => await ScalarAsync("SELECT count(*) FROM items", null);

    private async Task<long> IdAsync(string guid) => await ScalarAsync("SELECT id FROM items WHERE guid = @Guid", new { Guid = guid });

    private async Task<long> ScalarAsync(string sql, object? parameters)
    {
        await using var connection = await TestDatabases.Open(DatabasePath).OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    private string CatalogJson() =>
        $$"""
        {
          "jurisdictions": { "uk": "United Kingdom", "eu": "European Union", "us": "United States", "global": "Global" },
          "dossiers": [
            { "id": "eu-csam-regulation", "title": "EU CSAM Regulation", "jurisdiction": "eu", "phrases": ["chat control"],
              "milestones": [ { "date": "2024-02-01", "title": "Committee vote on the regulation", "stage": "committee vote", "url": "https://example.org/vote" } ] },
            { "id": "uk-online-safety-act", "title": "Online Safety Act", "jurisdiction": "uk", "phrases": ["Online Safety Act"] }
          ],
          "topics": [ { "id": "client-side-scanning", "name": "Client-side scanning", "phrases": ["client-side scanning"] } ],
          "sources": [
            {{Source("eu-news", "doc/eu.xml", "eu")}},
            {{Source("wire", "doc/wire.xml", "global")}},
            {{Source("uk-news", "doc/uk.xml", "uk")}},
            {{Source("bulk", $"gen/bulk?items={BulkItems}", "us")}},
            {{Source("broken", "status/500", "uk")}}
          ]
        }
        """;

    private string Source(string id, string path, string jurisdiction) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["id"] = id, ["name"] = $"Source {id}", ["url"] = _server.Url(path).ToString(), ["type"] = "feed",
        ["jurisdiction"] = jurisdiction, ["every"] = "30m", ["keep"] = "all",
    });

    private static string Rss(string title, IEnumerable<string> items) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>{title}</title><link>https://example.org/</link><description>test</description>
        {string.Concat(items)}
        </channel></rss>
        """;

    private static string ItemXml(string guid, string title, DateTimeOffset published, string link, string summary, string? author = null) =>
        $"<item><guid isPermaLink=\"false\">{guid}</guid><title>{WebUtility.HtmlEncode(title)}</title><link>{WebUtility.HtmlEncode(link)}</link>" +
        $"<description>{WebUtility.HtmlEncode(summary)}</description><pubDate>{published.ToString("r", CultureInfo.InvariantCulture)}</pubDate>" +
        (author is null ? "" : $"<author>{author}</author>") + "</item>\n";

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _server.DisposeAsync();
    }
}

/// <summary>
/// The site tests share one crawled host. They run on their own, after the parallel tests, so the
/// browser test is not starved of CPU by processes other tests start (it timed out once in CI).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "crawled site";
}
