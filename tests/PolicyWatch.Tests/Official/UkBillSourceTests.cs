using PolicyWatch.Storage;
using System.Text.Json.Nodes;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Official;

/// <summary>
/// uk-bill sources against a local Bills API: every sitting of every page of stages and the chosen
/// publications become legislative events; a re-read updates, never duplicates; bad answers are
/// errors on the source and leave what was stored alone.
/// </summary>
public sealed class UkBillSourceTests : IAsyncLifetime
{
    private const string Stages = "/bills/api/v1/Bills/3137/Stages";
    private OfficialApiSite _site = null!;

    public async Task InitializeAsync() => _site = await OfficialApiSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    /// <summary>Pages of 5, so the 16 stages of the fixture take four pages.</summary>
    private TestPipeline Pipeline(int pageSize = 5, int maxPages = 20) =>
        new(OfficialSources.Json(OfficialSources.Bill), official: _site.Options(pageSize, maxPages));

    private static Task<IReadOnlyList<OfficialSources.StoredEvent>> EventsAsync(TestPipeline pipeline) =>
        OfficialSources.EventsAsync(pipeline, "osb-api");

    [Fact]
    public async Task A_read_stores_one_event_per_sitting_of_every_page_and_per_chosen_publication()
    {
        using var pipeline = Pipeline();

        var report = await pipeline.CrawlAsync("osb-api");

        Assert.True(report.Succeeded, report.Error);
        var events = await EventsAsync(pipeline);
        OfficialSources.AssertGolden(events, "uk-bill-3137.events.txt");
        Assert.Equal(39 + 6, report.New);
        Assert.Equal(4, _site.Requests.Count(r => r.Path == Stages));
        Assert.All(events, e => Assert.Equal(("legislative", "uk-online-safety-act"), (e.Kind, e.DossierId)));
        Assert.Equal(events.Count, await pipeline.CountAsync(
            "SELECT count(*) FROM item_dossiers d JOIN items i ON i.id = d.item_id WHERE i.source_id = 'osb-api' AND d.dossier_id = 'uk-online-safety-act'"));
        Assert.Equal(events.Count, await pipeline.CountAsync(
            "SELECT count(*) FROM item_jurisdictions j JOIN items i ON i.id = j.item_id WHERE i.source_id = 'osb-api' AND j.jurisdiction = 'uk'"));
    }

    [Fact]
    public async Task The_bills_current_stage_and_whether_it_became_an_Act_are_kept_for_the_dossier_status()
    {
        using var pipeline = Pipeline();

        await pipeline.CrawlAsync("osb-api");

        var status = await pipeline.OfficialStore.StatusAsync("osb-api");
        Assert.NotNull(status);
        Assert.Equal(("uk-online-safety-act", "bill 3137", "Online Safety Act 2023"), (status.DossierId, status.Reference, status.Title));
        Assert.Equal(("Royal Assent", "11", "Unassigned"), (status.CurrentStage, status.CurrentStageCode, status.CurrentHouse));
        Assert.Equal((true, false, false), (status.IsAct, status.IsDefeated, status.IsWithdrawn));
        Assert.Equal(new DateTimeOffset(2023, 10, 26, 13, 4, 11, TimeSpan.Zero), status.SourceUpdatedAt);
    }

    [Fact]
    public async Task A_stage_without_sittings_is_skipped_and_counted_in_a_note()
    {
        using var pipeline = Pipeline();

        var report = await pipeline.CrawlAsync("osb-api");

        Assert.Contains("1 stage without sittings skipped (Money resolution (Commons))", report.Note);
        Assert.Equal(FetchOutcome.OkWithWarnings, report.Outcome);
        Assert.Contains("Money resolution", (await pipeline.HealthAsync("osb-api")).LastNote);
        Assert.DoesNotContain(await EventsAsync(pipeline), e => e.Url!.EndsWith("/stages/16506"));
    }

    [Fact]
    public async Task A_sitting_without_a_date_is_skipped_with_a_note_and_the_others_are_stored()
    {
        _site.Stages[3137] = OfficialApiSite.Edit(_site.Stages[3137], root =>
            root["items"]![1]!["stageSittings"]![0]!["date"] = null);
        using var pipeline = Pipeline();

        var report = await pipeline.CrawlAsync("osb-api");

        Assert.True(report.Succeeded, report.Error);
        Assert.Contains("1 sitting without a date skipped (sitting 30102 of 2nd reading (Commons))", report.Note);
        Assert.Equal(39 - 1 + 6, (await EventsAsync(pipeline)).Count);
    }

    [Fact]
    public async Task A_re_read_that_moves_one_sitting_updates_that_event_and_duplicates_nothing()
    {
        using var pipeline = Pipeline();
        await pipeline.CrawlAsync("osb-api");
        var before = (await EventsAsync(pipeline)).Single(e => e.Guid == "uk-bill/3137/stage/17145/sitting/30121");
        Assert.Equal("2023-04-25T00:00:00Z", before.PublishedAt);

        // The Committee stage's second sitting was recorded on the wrong day and is corrected.
        _site.Stages[3137] = OfficialApiSite.Edit(_site.Stages[3137], root =>
            root["items"]![10]!["stageSittings"]![1]!["date"] = "2023-04-26T00:00:00");
        var report = await pipeline.CrawlAsync("osb-api");

        Assert.Equal((0, 1), (report.New, report.Updated));
        var events = await EventsAsync(pipeline);
        Assert.Equal(45, events.Count);
        var after = events.Single(e => e.Id == before.Id);
        Assert.Equal("2023-04-26T00:00:00Z", after.PublishedAt);
        Assert.Equal(before.Guid, after.Guid);
        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM item_dossiers WHERE item_id = @Id AND published_at = '2023-04-26T00:00:00Z'", new { before.Id }));
    }

    [Fact]
    public async Task A_re_read_asks_for_the_bill_and_its_publications_conditionally_and_changes_nothing()
    {
        using var pipeline = Pipeline();
        await pipeline.CrawlAsync("osb-api");
        _site.Requests.Clear();

        var report = await pipeline.CrawlAsync("osb-api");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal((0, 0), (report.New, report.Updated));
        Assert.NotNull(_site.Requests.Single(r => r.Path == "/bills/api/v1/Bills/3137").IfNoneMatch);
        Assert.NotNull(_site.Requests.Single(r => r.Path == "/bills/api/v1/Bills/3137/Publications").IfNoneMatch);
        // Pages are read whole: each says whether another follows.
        Assert.All(_site.Requests.Where(r => r.Path == Stages), r => Assert.Null(r.IfNoneMatch));
        Assert.Equal("Online Safety Act 2023", (await pipeline.OfficialStore.StatusAsync("osb-api"))!.Title);
        Assert.Contains(await EventsAsync(pipeline), e => e.Title == "House of Commons: 2nd reading (Online Safety Act 2023)");
    }

    [Fact]
    public async Task A_stage_name_past_the_limits_is_cut_like_any_items_texts_and_the_note_says_so()
    {
        var huge = string.Join(' ', Enumerable.Repeat("reading", 400));
        _site.Stages[3137] = OfficialApiSite.Edit(_site.Stages[3137], root => root["items"]![1]!["description"] = huge);
        using var pipeline = Pipeline();

        var report = await pipeline.CrawlAsync("osb-api");

        Assert.True(report.Succeeded, report.Error);
        Assert.Contains("1 item had fields cut to the limits: title (1 item), stage (1 item)", report.Note);
        var cut = (await EventsAsync(pipeline)).Single(e => e.Guid == "uk-bill/3137/stage/16505/sitting/30102");
        Assert.True(cut.Title.Length <= 1000 && cut.Title.EndsWith('…'));
        Assert.True(cut.Stage!.Length <= 1000 && cut.Stage.EndsWith('…'));
    }

    [Fact]
    public async Task Paging_stops_at_Official_MaxPages_with_a_note()
    {
        using var pipeline = Pipeline(pageSize: 5, maxPages: 2);

        var report = await pipeline.CrawlAsync("osb-api");

        Assert.True(report.Succeeded, report.Error);
        Assert.Contains("read the first 10 of 16 stages (Official:MaxPages is 2)", report.Note);
        Assert.Equal(2, _site.Requests.Count(r => r.Path == Stages));
    }

    [Fact]
    public async Task A_server_that_ignores_Skip_ends_the_paging_instead_of_looping()
    {
        _site.IgnoreSkip = true;
        using var pipeline = Pipeline(pageSize: 5);

        var report = await pipeline.CrawlAsync("osb-api");

        Assert.True(report.Succeeded, report.Error);
        Assert.Contains("the Bills API answered the same stages again at Skip=5; read 5 stages", report.Note);
        Assert.Equal(2, _site.Requests.Count(r => r.Path == Stages));
    }

    /// <summary>Bad answers on the re-read; in the stages listing, its second page (Skip=5) answers badly after a good first page.</summary>
    public static TheoryData<string, ApiFault, string> BadAnswers => new()
    {
        { Stages, new ApiFault(500, WhenQueryContains: "Skip=5"), "bill 3137's stages (Skip=5&Take=5): HTTP 500 Internal Server Error" },
        { Stages, ApiFault.Html with { WhenQueryContains = "Skip=5" },
            "bill 3137's stages (Skip=5&Take=5): the answer is not JSON (text/html; charset=utf-8: \"<!DOCTYPE html><html><head><title>Service unavailable" },
        { Stages, new ApiFault(200, """{"items": [{"id": 1, "description": "2nd reading", "stageSittings": 3}], "totalResults": 20}""", WhenQueryContains: "Skip=5"),
            "bill 3137's stages (Skip=5&Take=5): items[0].stageSittings: expected a list, got the number 3" },
        { Stages, new ApiFault(200, """{"results": []}""", WhenQueryContains: "Skip=5"), "bill 3137's stages (Skip=5&Take=5): items: is missing" },
        { Stages, new ApiFault(200, """{"items": [{"id": 1, "description": "2nd reading", "stageSittings": [{"id": 9, "date": "Tuesday"}]}], "totalResults": 20}""",
            WhenQueryContains: "Skip=5"),
            "bill 3137's stages (Skip=5&Take=5): items[0].stageSittings[0].date: expected a date, got \"Tuesday\"" },
        { Stages, new ApiFault(200, "", WhenQueryContains: "Skip=5"), "bill 3137's stages (Skip=5&Take=5): the answer is empty (HTTP 200), not JSON" },
        { "/bills/api/v1/Bills/3137", new ApiFault(404), "bill 3137 does not exist in the Bills API (HTTP 404 for http://127.0.0.1:" },
        { "/bills/api/v1/Bills/3137", new ApiFault(200, """{"billId": 3137, "shortTitle": ["Online Safety Bill"]}"""),
            "bill 3137: shortTitle: expected text, got a list" },
        { "/bills/api/v1/Bills/3137", new ApiFault(200, """{"billId": 3138, "shortTitle": "Another Bill"}"""),
            "bill 3137: billId: the answer is about bill 3138, not bill 3137" },
        { "/bills/api/v1/Bills/3137/Publications", new ApiFault(200, """[{"id": 1, "title": "Bill", "displayDate": 20230101}]"""),
            "bill 3137's publications: [0].displayDate: expected a date, got the number 20230101" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task A_bad_answer_is_an_error_on_the_source_naming_what_was_wrong_and_keeps_what_was_stored(string path, ApiFault fault, string error)
    {
        using var pipeline = Pipeline();
        await pipeline.CrawlAsync("osb-api");
        var stored = await EventsAsync(pipeline);
        var status = await pipeline.OfficialStore.StatusAsync("osb-api");
        // The first crawl's documents change, so the re-read has something it could have stored.
        _site.Bills[3137] = OfficialApiSite.Edit(_site.Bills[3137], root => root["shortTitle"] = "Online Safety Act 2023 (renamed)");
        _site.Faults[path] = fault;

        var report = await pipeline.CrawlAsync("osb-api");

        Assert.False(report.Succeeded);
        Assert.Contains(error, report.Error);
        var health = await pipeline.HealthAsync("osb-api");
        Assert.Contains(error, health.LastError);
        Assert.Equal(1, health.FailuresInRow);
        Assert.Equal(stored.Select(e => e.Line), (await EventsAsync(pipeline)).Select(e => e.Line));
        Assert.Equal(status, await pipeline.OfficialStore.StatusAsync("osb-api"));

        // The API mends: the next read stores the change, and the bill's validators were not kept from the failed read.
        _site.Faults.Clear();
        var mended = await pipeline.CrawlAsync("osb-api");
        Assert.True(mended.Succeeded, mended.Error);
        Assert.Equal("Online Safety Act 2023 (renamed)", (await pipeline.OfficialStore.StatusAsync("osb-api"))!.Title);
    }

    [Fact]
    public async Task A_429_with_Retry_After_backs_the_source_off_at_least_that_long()
    {
        using var pipeline = Pipeline();
        _site.Faults["/bills/api/v1/Bills/3137"] = new ApiFault(429, RetryAfter: "43200");
        var before = DateTimeOffset.UtcNow;

        var report = await pipeline.CrawlAsync("osb-api");

        Assert.False(report.Succeeded);
        Assert.Equal(429, report.HttpStatus);
        Assert.Contains("bill 3137: HTTP 429 Too Many Requests", report.Error);
        var health = await pipeline.HealthAsync("osb-api");
        // Times are stored to the second.
        Assert.True(health.NextFetchAt >= before.AddHours(12).AddSeconds(-1), $"next fetch {health.NextFetchAt} comes before the 12 h the API asked for");
        // Nothing else was asked once the API said to wait.
        Assert.Single(_site.Requests);
    }
}
