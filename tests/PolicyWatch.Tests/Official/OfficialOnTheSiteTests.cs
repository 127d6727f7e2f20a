using System.Net;
using System.Text.Json;
using PolicyWatch.Tests.Web;

namespace PolicyWatch.Tests.Official;

/// <summary>
/// The real host, its scheduler and the parliaments' API stand-in: a fresh install configured with a
/// uk-bill and an ep-procedure source shows their events on the dossier pages, the jurisdiction
/// timelines, the dossier feeds and /sources.
/// </summary>
public sealed class OfficialOnTheSiteTests : IAsyncLifetime
{
    private OfficialApiSite _site = null!;
    private RunningHost _host = null!;

    public async Task InitializeAsync()
    {
        _site = await OfficialApiSite.StartAsync();
        var options = _site.Options();
        _host = await RunningHost.StartAsync(OfficialSources.Json(OfficialSources.Bill, OfficialSources.Procedure),
            $"--Official:UkBillsUrl={options.UkBillsUrl}", $"--Official:EuroparlUrl={options.EuroparlUrl}");
        await RunningHost.EventuallyAsync(async () => await CountAsync("osb-api") == 45 && await CountAsync("ep-2022-0155") == 4,
            "the scheduler's first crawl of both APIs");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _site.DisposeAsync();
    }

    private async Task<int> CountAsync(string source) =>
        JsonDocument.Parse(await _host.Client.GetStringAsync($"/api/items?source={source}&limit=500"))
            .RootElement.GetProperty("items").GetArrayLength();

    private async Task<string> PageAsync(string path) => WebUtility.HtmlDecode(await _host.Client.GetStringAsync(path));

    [Fact]
    public async Task The_dossier_pages_show_the_official_events_with_their_stages_and_links()
    {
        var uk = await PageAsync("/dossiers/uk-online-safety-act");
        Assert.Contains("House of Commons: 2nd reading (Online Safety Act 2023)", uk);
        Assert.Contains("legislative: 2nd reading (Commons)", uk);
        Assert.Contains("https://bills.parliament.uk/bills/3137/stages/16505", uk);
        Assert.Contains("UK Parliament: Royal Assent (Online Safety Act 2023)", uk);

        var eu = await PageAsync("/dossiers/eu-csam-regulation");
        Assert.Contains("European Parliament: Report tabled for plenary (2022/0155(COD))", eu);
        Assert.Contains("legislative: Report tabled for plenary", eu);
        Assert.Contains("https://oeil.europarl.europa.eu/oeil/en/procedure-file?reference=2022/0155(COD)", eu);
    }

    [Fact]
    public async Task The_events_carry_their_dates_into_the_api_the_timelines_and_the_dossier_feed()
    {
        var items = JsonDocument.Parse(await _host.Client.GetStringAsync("/api/items?source=osb-api&limit=500")).RootElement.GetProperty("items");
        var secondReading = items.EnumerateArray().Single(i => i.GetProperty("title").GetString() == "House of Commons: 2nd reading (Online Safety Act 2023)");
        Assert.Equal("2022-04-19T00:00:00Z", secondReading.GetProperty("publishedAt").GetString());
        Assert.Equal("legislative", secondReading.GetProperty("kind").GetString());
        Assert.Equal("2nd reading (Commons)", secondReading.GetProperty("stage").GetString());
        Assert.Equal(["uk-online-safety-act"], secondReading.GetProperty("dossiers").EnumerateArray().Select(d => d.GetString()));

        Assert.Contains("European Parliament: Vote in committee, 1st reading (2022/0155(COD))", await PageAsync("/j/eu"));
        Assert.Contains("House of Lords: 3rd reading (Online Safety Act 2023)", await PageAsync("/j/uk"));
        var feed = await PageAsync("/feeds/dossiers/eu-csam-regulation.atom");
        Assert.Contains("European Parliament: Committee decision to enter into interinstitutional negotiations confirmed by plenary (Rule 71) (2022/0155(COD))", feed);
    }

    [Fact]
    public async Task The_dossier_status_takes_what_the_apis_say_of_where_each_file_stands()
    {
        var uk = JsonDocument.Parse(await _host.Client.GetStringAsync("/api/dossiers/uk-online-safety-act")).RootElement;
        Assert.Equal("Royal Assent", uk.GetProperty("currentStage").GetString());
        Assert.Equal("Unassigned", uk.GetProperty("currentHouse").GetString());
        Assert.True(uk.GetProperty("isAct").GetBoolean());
        Assert.StartsWith("2023-10-26", uk.GetProperty("currentStageSince").GetString());

        var eu = JsonDocument.Parse(await _host.Client.GetStringAsync("/api/dossiers/eu-csam-regulation")).RootElement;
        Assert.Equal("First reading", eu.GetProperty("currentStage").GetString());
        Assert.Equal(JsonValueKind.Null, eu.GetProperty("isAct").ValueKind);
    }

    [Fact]
    public async Task The_sources_page_shows_both_sources_and_the_note_about_the_stage_without_sittings()
    {
        var html = await PageAsync("/sources");

        Assert.Contains("UK Parliament Bills API: Online Safety Bill", html);
        Assert.Contains("European Parliament: 2022/0155(COD)", html);
        Assert.Contains("1 stage without sittings skipped (Money resolution (Commons))", html);
    }
}
