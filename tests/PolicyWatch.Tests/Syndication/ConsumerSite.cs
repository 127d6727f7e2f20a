using PolicyWatch.Storage;
using PolicyWatch.Syndication;
using PolicyWatch.Tests.Web;

using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Syndication;

/// <summary>
/// The real host with one of each kind of entry consumers meet: an article with author and summary, one
/// with neither, a legislative event of an html source without a summary, curated milestones, and a
/// digest week; every item first seen two weeks ago, so the digests publish them.
/// </summary>
public sealed class ConsumerSite : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    /// <summary>Two weeks before this one: closed and published whatever the day of the run.</summary>
    public static readonly DigestPeriod Week = DigestPeriod.Containing(DigestCadence.Weekly, DateTimeOffset.UtcNow).Previous().Previous();

    public const string CatalogJson =
        """
        {
          "jurisdictions": { "uk": "United Kingdom", "eu": "European Union", "us": "United States", "global": "Global" },
          "dossiers": [
            { "id": "eu-csam-regulation", "title": "EU CSAM Regulation (\"chat control\")", "jurisdiction": "eu", "reference": "2022/0155(COD)",
              "phrases": ["chat control"],
              "milestones": [
                { "date": "2022-05-11", "title": "Commission proposes the regulation, COM(2022)209", "stage": "proposal",
                  "url": "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:52022PC0209" },
                { "date": "2023-11", "title": "Parliament's mandate \"to negotiate\"", "stage": "plenary",
                  "url": "https://oeil.secure.europarl.europa.eu/oeil/en/procedure-file?reference=2022/0155(COD)" } ] }
          ],
          "topics": [ { "id": "client-side-scanning", "name": "Client-side scanning", "phrases": ["client-side scanning"] } ],
          "sources": [
            { "id": "eu-news", "name": "EU News & Views", "url": "http://127.0.0.1:9/feed", "type": "feed", "jurisdiction": "eu", "every": "30m" },
            { "id": "oeil", "name": "Legislative Observatory: 2022/0155(COD)", "url": "http://127.0.0.1:9/oeil", "type": "html",
              "kind": "legislative", "dossier": "eu-csam-regulation", "jurisdiction": "eu", "every": "6h",
              "select": { "item": "table tr", "title": "td" } }
          ]
        }
        """;

    public async Task InitializeAsync()
    {
        // Port 9 (discard) on loopback: crawls fail fast and add nothing; the items below are the data.
        Host = await RunningHost.StartAsync(CatalogJson);
        var database = TestDatabases.Open(Path.Combine(Host.Folder, "data", "pw.db"));
        var seen = Week.Start.AddDays(1);
        await StoredItems.InsertAsync(database, new StoredItems.Row("story", "Council debates \"chat control\" & encryption", seen)
            { Dossiers = ["eu-csam-regulation"], Topics = ["client-side-scanning"] });
        await StoredItems.InsertAsync(database, new StoredItems.Row("bare", "A note without summary or author", seen.AddHours(1))
            { Authors = [], SummaryHtml = null });
        await StoredItems.InsertAsync(database, new StoredItems.Row("vote", "Committee vote (LIBE)", seen.AddHours(2))
            { SourceId = "oeil", Kind = "legislative", Stage = "committee vote", Authors = [], SummaryHtml = null, Dossiers = ["eu-csam-regulation"] });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
