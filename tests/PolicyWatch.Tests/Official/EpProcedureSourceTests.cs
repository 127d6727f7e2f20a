using PolicyWatch.Storage;
using System.Text.Json.Nodes;
using Dapper;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Official;

/// <summary>
/// ep-procedure sources against a local European Parliament Open Data API: one event per activity, read
/// tolerantly (JSON-LD's single values, typed literals, labels in any form); what cannot be read is an
/// error on the source naming the field, and what was stored stays.
/// </summary>
public sealed class EpProcedureSourceTests : IAsyncLifetime
{
    private const string Path = "/ep/api/v2/procedures/2022-0155";
    private OfficialApiSite _site = null!;

    public async Task InitializeAsync() => _site = await OfficialApiSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private TestPipeline Pipeline() => new(OfficialSources.Json(OfficialSources.Procedure), official: _site.Options());

    private static Task<IReadOnlyList<OfficialSources.StoredEvent>> EventsAsync(TestPipeline pipeline) =>
        OfficialSources.EventsAsync(pipeline, "ep-2022-0155");

    /// <summary>Changes the fixture's activities.</summary>
    private void EditActivities(Action<JsonArray> edit) =>
        _site.Procedures["2022-0155"] = OfficialApiSite.Edit(_site.Procedures["2022-0155"], root => edit(root["data"]![0]!["consists_of"]!.AsArray()));

    [Fact]
    public async Task A_read_stores_one_event_per_activity_with_a_readable_stage_and_its_documents()
    {
        using var pipeline = Pipeline();

        var report = await pipeline.CrawlAsync("ep-2022-0155");

        Assert.True(report.Succeeded, report.Error);
        Assert.Null(report.Note);
        var events = await EventsAsync(pipeline);
        OfficialSources.AssertGolden(events, "ep-procedure-2022-0155.events.txt");
        Assert.All(events, e => Assert.Equal(("legislative", "eu-csam-regulation"), (e.Kind, e.DossierId)));
        Assert.Single(_site.Requests, r => r.Path == Path && r.Query == "?format=application%2Fld%2Bjson");
        await using var connection = await pipeline.Database.OpenAsync();
        var summary = await connection.QuerySingleAsync<string>(
            "SELECT unpack(summary_html) FROM items WHERE guid LIKE '%PLENARY_ENDORSE%'");
        Assert.Matches("<a href=\"https://data.europarl.europa.eu/eli/dl/doc/A-9-2023-0364\"[^>]*>A-9-2023-0364</a>", summary);
        Assert.Matches("<a href=\"https://data.europarl.europa.eu/eli/dl/doc/PV-9-2023-11-22\"[^>]*>PV-9-2023-11-22</a>", summary);
    }

    [Fact]
    public async Task The_procedures_current_stage_is_kept_for_the_dossier_status()
    {
        using var pipeline = Pipeline();

        await pipeline.CrawlAsync("ep-2022-0155");

        var status = await pipeline.OfficialStore.StatusAsync("ep-2022-0155");
        Assert.NotNull(status);
        Assert.Equal(("eu-csam-regulation", "2022/0155(COD)", "Preventing and combating child sexual abuse"), (status.DossierId, status.Reference, status.Title));
        Assert.Equal(("First reading", "RDG1"), (status.CurrentStage, status.CurrentStageCode));
        Assert.Null(status.IsAct);
    }

    [Fact]
    public async Task An_unchanged_procedure_is_not_modified_and_stores_nothing()
    {
        using var pipeline = Pipeline();
        await pipeline.CrawlAsync("ep-2022-0155");

        var report = await pipeline.CrawlAsync("ep-2022-0155");

        Assert.Equal((FetchOutcome.NotModified, 304, 0, 0), (report.Outcome, report.HttpStatus, report.New, report.Updated));
        Assert.NotNull(_site.Requests.Last().IfNoneMatch);
    }

    [Fact]
    public async Task A_procedure_that_does_not_exist_is_an_error_naming_it()
    {
        using var pipeline = new TestPipeline(OfficialSources.Json(OfficialSources.Procedure.Replace("2022/0155(COD)", "2099/0001(COD)")),
            official: _site.Options());

        var report = await pipeline.CrawlAsync("ep-2022-0155");

        Assert.False(report.Succeeded);
        Assert.Equal(404, report.HttpStatus);
        Assert.StartsWith("procedure 2099/0001(COD) does not exist in the European Parliament's Open Data API (HTTP 404 for http://127.0.0.1:", report.Error);
        Assert.EndsWith("/ep/api/v2/procedures/2099-0001?format=application%2Fld%2Bjson)", report.Error);
        Assert.Contains("2099/0001(COD) does not exist", (await pipeline.HealthAsync("ep-2022-0155")).LastError);
    }

    [Fact]
    public async Task An_activity_type_never_seen_before_is_stored_with_its_raw_code_as_the_stage()
    {
        EditActivities(activities => activities.Add(new JsonObject
        {
            ["activity_id"] = "2022-0155-NEW-2025-11-26",
            ["activity_date"] = "2025-11-26",
            ["had_activity_type"] = "def/ep-activities/COUNCIL_GENERAL_APPROACH_NOTED",
        }));
        using var pipeline = Pipeline();

        var report = await pipeline.CrawlAsync("ep-2022-0155");

        Assert.True(report.Succeeded, report.Error);
        var added = (await EventsAsync(pipeline)).Single(e => e.Guid.EndsWith("2022-0155-NEW-2025-11-26"));
        Assert.Equal(("COUNCIL_GENERAL_APPROACH_NOTED", "COUNCIL_GENERAL_APPROACH_NOTED", "2025-11-26T00:00:00Z"), (added.Stage, added.Category, added.PublishedAt));
        Assert.Equal("European Parliament: COUNCIL_GENERAL_APPROACH_NOTED (2022/0155(COD))", added.Title);
    }

    [Fact]
    public async Task Duplicate_activities_in_one_answer_are_stored_once_with_the_documents_of_both()
    {
        EditActivities(activities =>
        {
            var copy = activities[2]!.DeepClone();
            copy["based_on_a_realization_of"] = "eli/dl/doc/A-9-2023-0364-COR-01";
            activities.Add(copy);
            activities.Add(activities[0]!.DeepClone());
        });
        using var pipeline = Pipeline();

        var report = await pipeline.CrawlAsync("ep-2022-0155");

        Assert.True(report.Succeeded, report.Error);
        Assert.Contains("2 duplicate activities in the answer stored once", report.Note);
        var events = await EventsAsync(pipeline);
        Assert.Equal(4, events.Count);
        Assert.Equal("A-9-2023-0364, A-9-2023-0364-COR-01", events.Single(e => e.Guid.Contains("TABLING_PLENARY")).Reference);
    }

    [Fact]
    public async Task A_single_activity_written_without_a_list_is_read_as_a_list_of_one()
    {
        _site.Procedures["2022-0155"] = OfficialApiSite.Edit(_site.Procedures["2022-0155"], root =>
        {
            var process = root["data"]![0]!;
            process["consists_of"] = process["consists_of"]![2]!.DeepClone();
            root["data"] = process.DeepClone();
        });
        using var pipeline = Pipeline();

        var report = await pipeline.CrawlAsync("ep-2022-0155");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal("2023-11-16T00:00:00Z", Assert.Single(await EventsAsync(pipeline)).PublishedAt);
    }

    [Fact]
    public async Task An_activity_without_a_date_is_skipped_with_a_note()
    {
        EditActivities(activities => activities.Add(new JsonObject
        {
            ["activity_id"] = "2022-0155-UNDATED",
            ["had_activity_type"] = "def/ep-activities/PLENARY_DEBATE",
        }));
        using var pipeline = Pipeline();

        var report = await pipeline.CrawlAsync("ep-2022-0155");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal("1 activity without a date skipped (2022-0155-UNDATED)", report.Note);
        Assert.Equal(4, (await EventsAsync(pipeline)).Count);
    }

    [Fact]
    public async Task An_answer_that_starts_with_a_byte_order_mark_is_read()
    {
        _site.Faults[Path] = new ApiFault(200, "\uFEFF" + OfficialApiSite.Fixture("ep-procedure-2022-0155.json"), "application/ld+json");
        using var pipeline = Pipeline();

        var report = await pipeline.CrawlAsync("ep-2022-0155");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(4, report.New);
    }

    public static TheoryData<ApiFault, string> BadAnswers => new()
    {
        { new ApiFault(500), "procedure 2022/0155(COD): HTTP 500 Internal Server Error" },
        { new ApiFault(503, RetryAfter: "120"), "procedure 2022/0155(COD): HTTP 503 Service Unavailable" },
        { ApiFault.Html, "procedure 2022/0155(COD): the answer is not JSON (text/html; charset=utf-8: \"<!DOCTYPE html>" },
        { new ApiFault(204), "procedure 2022/0155(COD): the answer is empty (HTTP 204), not JSON" },
        { new ApiFault(200, """{"@context": []}"""), "procedure 2022/0155(COD): data: is missing" },
        { new ApiFault(200, """[{"process_id": "2022-0155"}]"""), "procedure 2022/0155(COD): the answer: expected an object, got a list" },
        { new ApiFault(200, """{"data": []}"""), "procedure 2022/0155(COD): data: is empty: the answer holds no procedure" },
        { new ApiFault(200, """{"data": [{"process_id": "2020-0259", "consists_of": []}]}"""),
            "procedure 2022/0155(COD): data[0].process_id: the answer is about procedure 2020-0259, not 2022-0155" },
        { new ApiFault(200, """{"data": [{"process_id": "2022-0155", "consists_of": ["eli/dl/event/2022-0155-1"]}]}"""),
            "procedure 2022/0155(COD): data[0].consists_of[0]: expected an activity (an object), got \"eli/dl/event/2022-0155-1\"" },
        { new ApiFault(200, """{"data": [{"process_id": "2022-0155", "consists_of": [{"activity_id": "a", "activity_date": "2023-11-14"}, {"activity_id": "b", "activity_date": "soon"}]}]}"""),
            "procedure 2022/0155(COD): data[0].consists_of[1].activity_date: expected a date, got \"soon\"" },
        { new ApiFault(200, """{"data": [{"process_id": "2022-0155", "consists_of": [{"activity_id": "a", "activity_date": "2023-11-14", "activity_label": 5}]}]}"""),
            "procedure 2022/0155(COD): data[0].consists_of[0].activity_label: expected a label (text, a list or a language map), got the number 5" },
        { new ApiFault(200, """{"data": [{"process_id": "2022-0155", "consists_of": [{"activity_id": "a", "activity_date": "2023-11-14", "had_activity_type": 7}]}]}"""),
            "procedure 2022/0155(COD): data[0].consists_of[0].had_activity_type: expected an identifier, got the number 7" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task A_bad_answer_is_an_error_on_the_source_naming_what_was_wrong_and_keeps_what_was_stored(ApiFault fault, string error)
    {
        using var pipeline = Pipeline();
        await pipeline.CrawlAsync("ep-2022-0155");
        var stored = await EventsAsync(pipeline);
        var status = await pipeline.OfficialStore.StatusAsync("ep-2022-0155");
        _site.Faults[Path] = fault;

        var report = await pipeline.CrawlAsync("ep-2022-0155");

        Assert.False(report.Succeeded);
        Assert.Contains(error, report.Error);
        Assert.Contains(error, (await pipeline.HealthAsync("ep-2022-0155")).LastError);
        Assert.Equal(stored.Select(e => e.Line), (await EventsAsync(pipeline)).Select(e => e.Line));
        Assert.Equal(status, await pipeline.OfficialStore.StatusAsync("ep-2022-0155"));
    }

    [Fact]
    public async Task A_429_with_Retry_After_backs_the_source_off_at_least_that_long()
    {
        using var pipeline = Pipeline();
        _site.Faults[Path] = new ApiFault(429, RetryAfter: "43200");
        var before = DateTimeOffset.UtcNow;

        var report = await pipeline.CrawlAsync("ep-2022-0155");

        Assert.Equal((false, 429), (report.Succeeded, report.HttpStatus));
        Assert.Contains("procedure 2022/0155(COD): HTTP 429 Too Many Requests", report.Error);
        var health = await pipeline.HealthAsync("ep-2022-0155");
        Assert.Equal(1, health.FailuresInRow);
        // Times are stored to the second.
        Assert.True(health.NextFetchAt >= before.AddHours(12).AddSeconds(-1), $"next fetch {health.NextFetchAt} comes before the 12 h the API asked for");
    }
}
