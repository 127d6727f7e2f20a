using System.Globalization;
using Dapper;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Official;

/// <summary>feeds.json for the official API tests: a UK and an EU dossier, a uk-bill and an ep-procedure source.</summary>
public static class OfficialSources
{
    public const string Bill = """
        { "id": "osb-api", "name": "UK Parliament Bills API: Online Safety Bill", "type": "uk-bill", "bill": 3137,
          "dossier": "uk-online-safety-act", "jurisdiction": "uk", "every": "6h" }
        """;

    public const string Procedure = """
        { "id": "ep-2022-0155", "name": "European Parliament: 2022/0155(COD)", "type": "ep-procedure", "procedure": "2022/0155(COD)",
          "dossier": "eu-csam-regulation", "jurisdiction": "eu", "every": "6h" }
        """;

    public static string Json(params string[] sources) =>
        $$"""
        {
          "jurisdictions": { "uk": "United Kingdom", "eu": "European Union", "global": "Global" },
          "dossiers": [
            { "id": "uk-online-safety-act", "title": "UK Online Safety Act", "jurisdiction": "uk", "phrases": ["Online Safety Bill"] },
            { "id": "eu-csam-regulation", "title": "EU CSAM Regulation", "jurisdiction": "eu", "reference": "2022/0155(COD)", "phrases": ["chat control"] }
          ],
          "sources": [
            {{string.Join(",\n", sources)}}
          ]
        }
        """;

    /// <summary>A stored event as the golden files list it.</summary>
    public sealed record StoredEvent
    {
        public long Id { get; init; }
        public string Guid { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string Title { get; init; } = "";
        public string? Stage { get; init; }
        public string? Category { get; init; }
        public string? Institution { get; init; }
        public string? Url { get; init; }
        public string? Reference { get; init; }
        public string Kind { get; init; } = "";
        public string? DossierId { get; init; }

        /// <summary>The date as the golden files write it (as SQLite keeps it).</summary>
        public string PublishedAt => UtcTimestamp.ToText(At);

        public string Line => string.Join(" | ", PublishedAt, Category, Stage ?? "-", Institution, Title, Url, Reference ?? "-", Guid);
    }

    public static async Task<IReadOnlyList<StoredEvent>> EventsAsync(TestPipeline pipeline, string sourceId)
    {
        await using var connection = await pipeline.Database.OpenAsync();
        return (await connection.QueryAsync<StoredEvent>(
            """
            SELECT id AS Id, guid AS Guid, published_at AS At, title AS Title, stage AS Stage, category AS Category,
                   institution AS Institution, url AS Url, reference AS Reference, kind AS Kind, dossier_id AS DossierId
            FROM items WHERE source_id = @SourceId ORDER BY published_at, guid
            """, new { SourceId = sourceId })).AsList();
    }

    /// <summary>
    /// Compares the stored events with <c>testdata/{name}</c>, one line each. A missing golden file is
    /// written from what was stored (in the source tree) and the test fails, so a new one is read by a person first.
    /// </summary>
    public static void AssertGolden(IReadOnlyList<StoredEvent> events, string name)
    {
        var actual = string.Join("\n", events.Select(e => e.Line)) + "\n";
        var path = TestPaths.TestData("Official", "testdata", name);
        if (!File.Exists(path))
        {
            File.WriteAllText(Path.Combine(TestPaths.RepoRoot, "tests", "PolicyWatch.Tests", "Official", "testdata", name), actual);
            Assert.Fail($"wrote the golden file {name}; read it, then run the test again");
        }
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    public static string Day(DateTimeOffset date) => date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
