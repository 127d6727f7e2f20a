using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Syndication;

using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// The real host with one dossier whose plenary step was recorded by the Parliament's API, the Legislative
/// Observatory and a curated milestone, an earlier committee vote, and a trilogue a source has dated far ahead.
/// </summary>
public sealed class DossierSite : IAsyncLifetime
{
    public const string Dossier = "eu-csam-regulation";
    public static readonly DateTimeOffset VoteDay = new(2023, 11, 22, 0, 0, 0, TimeSpan.Zero);

    public RunningHost Host { get; private set; } = null!;
    public Database Database { get; private set; } = null!;
    public long Api { get; private set; }
    public long Oeil { get; private set; }
    public long Milestone { get; private set; }

    public async Task InitializeAsync()
    {
        Host = await RunningHost.StartAsync(CatalogJson, "--Crawl:Enabled=false");
        Database = TestDatabases.Open(Path.Combine(Host.Folder, "data", "pw.db"));
        Milestone = await IdAsync("SELECT id FROM items WHERE kind = 'milestone' AND published_at = '2023-11-22T00:00:00Z'");
        Oeil = await AddAsync("oeil-1", "Committee decision to enter into interinstitutional negotiations confirmed by plenary (Rule 71)", VoteDay, "oeil");
        Api = await AddAsync("api-1", "Mandate for interinstitutional negotiations confirmed in plenary", VoteDay.AddHours(11), "ep-api",
            stage: "Mandate for interinstitutional negotiations confirmed in plenary");
        await AddAsync("oeil-0", "Vote in committee, 1st reading", VoteDay.AddDays(-8), "oeil");
        await AddAsync("api-future", "Trilogue", new DateTimeOffset(2199, 9, 29, 0, 0, 0, TimeSpan.Zero), "ep-api", stage: "trilogue");
        await StoredItems.InsertAsync(Database, new StoredItems.Row("news-1", "MEPs back the mandate", VoteDay.AddHours(15)) { SourceId = "news", Dossiers = [Dossier] });
    }

    public Task<long> AddAsync(string guid, string title, DateTimeOffset at, string source, string? stage = null) =>
        StoredItems.InsertAsync(Database, new StoredItems.Row(guid, title, at) { SourceId = source, Kind = "legislative", Stage = stage, Dossiers = [Dossier] });

    private async Task<long> IdAsync(string sql)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static string CatalogJson =>
        """
        {
          "jurisdictions": { "uk": "United Kingdom", "eu": "European Union", "us": "United States", "global": "Global" },
          "dossiers": [
            { "id": "eu-csam-regulation", "title": "EU CSAM Regulation", "jurisdiction": "eu", "reference": "2022/0155(COD)", "phrases": ["chat control"],
              "milestones": [
                { "date": "2022-05-11", "title": "Commission proposal", "stage": "proposal", "url": "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:52022PC0209" },
                { "date": "2023-11-22", "title": "Plenary confirms Parliament's mandate to negotiate", "stage": "plenary", "url": "https://oeil.secure.europarl.europa.eu/oeil/en/procedure-file?reference=2022/0155(COD)" } ] },
            { "id": "apple-csam-detection", "title": "Apple's plan", "jurisdiction": "us", "phrases": ["NeuralHash"],
              "milestones": [ { "date": "2021-09", "title": "Apple pauses the plan", "stage": "pause", "url": "https://tidbits.com/2021/09/03/apple-delays-csam-detection-launch/" } ] }
          ],
          "topics": [],
          "sources": [
            { "id": "ep-api", "name": "European Parliament API", "url": "http://127.0.0.1:9/ep", "type": "feed", "kind": "legislative",
              "dossier": "eu-csam-regulation", "jurisdiction": "eu", "every": "6h" },
            { "id": "oeil", "name": "Legislative Observatory", "url": "http://127.0.0.1:9/oeil", "type": "feed", "kind": "legislative",
              "dossier": "eu-csam-regulation", "jurisdiction": "eu", "every": "6h" },
            { "id": "news", "name": "News", "url": "http://127.0.0.1:9/news", "type": "feed", "jurisdiction": "eu", "every": "1h" }
          ]
        }
        """;

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Where each file stands, on /dossiers, the dossier page, /api/dossiers and the dossier's feeds; one event per official step.</summary>
public sealed partial class DossierStatusPagesTests(DossierSite site) : IClassFixture<DossierSite>
{
    private readonly HttpClient _client = site.Host.Client;

    private static string Text(string html) => WebUtility.HtmlDecode(Spaces().Replace(Tags().Replace(html, ""), " "));

    [Fact]
    public async Task The_dossier_timeline_shows_one_step_recorded_by_two_sources_and_a_milestone_as_one_event_with_all_of_them()
    {
        var html = await _client.GetStringAsync($"/dossiers/{DossierSite.Dossier}");
        var items = Regex.Matches(html, "<li class=\"item [^\"]*\">.*?</li>", RegexOptions.Singleline).Select(m => m.Value).ToList();

        var vote = Assert.Single(items, i => i.Contains("confirmed", StringComparison.Ordinal));
        Assert.Contains("Mandate for interinstitutional negotiations confirmed in plenary", vote);
        Assert.Contains("European Parliament API · Legislative Observatory · curated milestone", Text(vote));
        Assert.Contains($"<a class=\"same-step\" href=\"/items/{site.Oeil}\">Legislative Observatory</a>", vote);
        Assert.Contains($"<a class=\"same-step\" href=\"/items/{site.Milestone}\">curated milestone</a>", vote);
        Assert.DoesNotContain(items, i => i.Contains("Plenary confirms Parliament", StringComparison.Ordinal));
        // The trilogue ahead, coverage of the vote, the committee vote and the proposal stay events of their own.
        Assert.Equal(5, items.Count);
        HtmlValidityTests.AssertValid("/dossiers/" + DossierSite.Dossier, html);
    }

    [Fact]
    public async Task The_top_of_the_dossier_page_says_where_it_stands()
    {
        var html = await _client.GetStringAsync($"/dossiers/{DossierSite.Dossier}");
        var status = Text(Regex.Match(html, "<section class=\"status\".*?</section>", RegexOptions.Singleline).Value);

        Assert.Contains("Current stage plenary vote, since 22 Nov 2023", status);
        Assert.Contains("Last official step 22 Nov 2023: Mandate for interinstitutional negotiations confirmed in plenary (European Parliament API)", status);
        Assert.Contains("Next expected 29 Sep 2199: Trilogue (European Parliament API)", status);
        Assert.Contains("<time datetime=\"2199-09-29\">", html);
    }

    [Fact]
    public async Task Dossiers_lists_where_each_file_stands_and_a_month_stays_a_month()
    {
        var html = await _client.GetStringAsync("/dossiers");
        var eu = Text(Regex.Match(html, "<tr id=\"eu-csam-regulation\">.*?</tr>", RegexOptions.Singleline).Value);
        var apple = Regex.Match(html, "<tr id=\"apple-csam-detection\">.*?</tr>", RegexOptions.Singleline).Value;

        Assert.Contains("plenary vote since 22 Nov 2023", eu);
        Assert.Contains("Mandate for interinstitutional negotiations confirmed in plenary (22 Nov 2023, European Parliament API)", eu);
        Assert.Contains("Trilogue (29 Sep 2199, European Parliament API)", eu);
        Assert.Contains("<time datetime=\"2021-09\">September 2021</time>", apple);
        Assert.Contains("<span class=\"empty\">—</span>", apple);
        HtmlValidityTests.AssertValid("/dossiers", html);
    }

    [Fact]
    public async Task Api_dossiers_gives_the_same_with_stable_names_and_utc_dates()
    {
        using var all = JsonDocument.Parse(await _client.GetStringAsync("/api/dossiers"));
        var eu = all.RootElement.GetProperty("dossiers")[0];

        Assert.Equal(["id", "title", "jurisdiction", "reference", "url", "currentStage", "currentStageSince", "currentHouse", "isAct",
            "lastStep", "nextStep", "lastActivityAt", "items"], eu.EnumerateObject().Select(p => p.Name));
        Assert.Equal("eu-csam-regulation", eu.GetProperty("id").GetString());
        Assert.Equal("plenary vote", eu.GetProperty("currentStage").GetString());
        Assert.Equal("2023-11-22T00:00:00Z", eu.GetProperty("currentStageSince").GetString());
        var last = eu.GetProperty("lastStep");
        Assert.Equal(["item", "kind", "title", "stage", "step", "date", "precision", "url", "source", "sourceName"], last.EnumerateObject().Select(p => p.Name));
        Assert.Equal((site.Api, "2023-11-22T11:00:00Z", "plenary vote", "ep-api"),
            (last.GetProperty("item").GetInt64(), last.GetProperty("date").GetString(), last.GetProperty("step").GetString(), last.GetProperty("source").GetString()));
        var next = eu.GetProperty("nextStep");
        Assert.Equal(("Trilogue", "2199-09-29T00:00:00Z", "day"), (next.GetProperty("title").GetString(), next.GetProperty("date").GetString(), next.GetProperty("precision").GetString()));

        var apple = JsonDocument.Parse(await _client.GetStringAsync("/api/dossiers/apple-csam-detection")).RootElement;
        Assert.Equal(("pause", "month", JsonValueKind.Null),
            (apple.GetProperty("currentStage").GetString(), apple.GetProperty("lastStep").GetProperty("precision").GetString(), apple.GetProperty("nextStep").ValueKind));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/dossiers/nope")).StatusCode);
    }

    [Theory]
    [InlineData("atom")]
    [InlineData("rss")]
    [InlineData("json")]
    public async Task The_dossier_feed_pins_its_status_line_as_subtitle_and_other_feeds_do_not(string format)
    {
        var feed = await _client.GetStringAsync($"/feeds/dossiers/{DossierSite.Dossier}.{format}");
        var other = await _client.GetStringAsync($"/feeds/j/eu.{format}");

        const string Expected = "Current stage: plenary vote, since 22 November 2023. Last official step: 22 November 2023, Mandate for "
                                + "interinstitutional negotiations confirmed in plenary (European Parliament API). Next expected: 29 September 2199, "
                                + "Trilogue (European Parliament API).";
        Assert.Equal(Expected, Subtitle(format, feed));
        Assert.Equal("The newest items of this PolicyWatch view", Subtitle(format, other));
        Assert.Empty(format switch { "atom" => FeedChecks.AtomProblems(feed), "rss" => FeedChecks.RssProblems(feed), _ => FeedChecks.JsonFeedProblems(feed) });
    }

    private static string? Subtitle(string format, string feed) => format switch
    {
        "atom" => XDocument.Parse(feed).Root!.Element(XName.Get("subtitle", "http://www.w3.org/2005/Atom"))?.Value,
        "rss" => XDocument.Parse(feed).Root!.Element("channel")!.Element("description")?.Value,
        _ => JsonDocument.Parse(feed).RootElement.GetProperty("description").GetString(),
    };

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>A dossier feed's validators change when time passes a dated step, so its status line is never served stale.</summary>
public sealed class DossierFeedValidatorTests : IAsyncLifetime
{
    private RunningHost _host = null!;

    public async Task InitializeAsync() => _host = await RunningHost.StartAsync(DossierSite.CatalogJson, "--Crawl:Enabled=false");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_step_dated_seconds_ahead_turns_the_304_into_a_200_with_a_new_subtitle_when_its_time_comes()
    {
        const string Path = "/feeds/dossiers/eu-csam-regulation.atom";
        var database = TestDatabases.Open(System.IO.Path.Combine(_host.Folder, "data", "pw.db"));
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3);
        await StoredItems.InsertAsync(database, new StoredItems.Row("sitting", "Plenary sitting", at)
        {
            SourceId = "ep-api", Kind = "legislative", Stage = "Plenary vote", Dossiers = ["eu-csam-regulation"], FirstSeenAt = DateTimeOffset.UtcNow,
        });

        var first = await _host.Client.GetAsync(Path);
        Assert.Contains("Next expected: ", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotModified, (await ConditionalAsync(Path, first)).StatusCode);
        await Task.Delay(at - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500));
        var later = await ConditionalAsync(Path, first);

        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Contains("Last official step: ", await later.Content.ReadAsStringAsync());
        Assert.Contains("Plenary sitting (European Parliament API). No next step dated yet.", await later.Content.ReadAsStringAsync());
        Assert.True(later.Content.Headers.LastModified >= at);
    }

    private Task<HttpResponseMessage> ConditionalAsync(string path, HttpResponseMessage earlier)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(earlier.Headers.ETag!);
        return _host.Client.SendAsync(request);
    }
}
