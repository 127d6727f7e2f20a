using PolicyWatch.Storage;
using Rows = PolicyWatch.Tests.Syndication.StoredItems;

namespace PolicyWatch.Tests.Storage;

/// <summary>Where a dossier stands: built from its official steps (legislative events and milestones) as of a given now.</summary>
public sealed class DossierStatusTests : IDisposable
{
    private const string Dossier = "eu-csam-regulation";
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly StoredItems _db = new();

    private DossierQueries Queries => new(_db.Database, _db.Queries);

    public DossierStatusTests()
    {
        foreach (var (id, name) in new[] { ("ep-api", "European Parliament API"), ("oeil", "Legislative Observatory"), ("news", "News"),
                     (MilestoneStore.SourceId, "Curated milestones (feeds.json)") })
            _db.ExecuteAsync("INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES (@id, @name, 'file:///x', 'feed', 'eu', 60)",
                new { id, name }).GetAwaiter().GetResult();
    }

    private Task<long> AddAsync(string guid, string title, DateTimeOffset at, string kind = "legislative", string source = "ep-api", string? stage = null) =>
        Rows.InsertAsync(_db.Database, new Rows.Row(guid, title, at)
        {
            Kind = kind, SourceId = kind == "milestone" ? MilestoneStore.SourceId : source, Stage = stage, Dossiers = [Dossier],
        });

    [Fact]
    public async Task The_latest_official_step_sets_the_stage_reached_at_the_first_of_its_run_and_a_dated_future_step_is_next()
    {
        await AddAsync("proposal", "Commission proposal", new(2022, 5, 11, 0, 0, 0, TimeSpan.Zero), kind: "milestone", stage: "proposal");
        var firstVote = await AddAsync("amendments", "Amendments adopted", new(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), stage: "Plenary vote");
        await AddAsync("oeil-vote", "Decision by Parliament, 1st reading", new(2026, 3, 26, 0, 0, 0, TimeSpan.Zero), source: "oeil");
        await AddAsync("coverage", "Newer coverage is not a step", Now.AddDays(-1), kind: "article", source: "news");
        var sitting = await AddAsync("sitting", "Trilogue", new(2026, 9, 29, 0, 0, 0, TimeSpan.Zero), stage: "trilogue");
        await AddAsync("later", "Indicative plenary sitting date", new(2026, 12, 14, 0, 0, 0, TimeSpan.Zero), source: "oeil");

        var status = await Queries.StatusAsync(Dossier, Now);

        Assert.Equal("plenary vote", status.CurrentStage);
        Assert.Equal(firstVote, status.ReachedBy!.Id);
        Assert.Equal("Decision by Parliament, 1st reading", status.LastStep!.Title);
        Assert.Equal("Legislative Observatory", status.LastStep.SourceName);
        Assert.Equal(sitting, status.NextStep!.Id);
        Assert.Equal(new DateTimeOffset(2026, 9, 29, 0, 0, 0, TimeSpan.Zero), status.NextStep.At);
        Assert.Equal(Now.AddDays(-1), status.LastActivityAt);
        Assert.Null(status.IsAct);
    }

    [Fact]
    public async Task The_run_that_reached_the_stage_is_followed_back_through_coverage_and_many_steps()
    {
        await AddAsync("committee", "Vote in committee, 1st reading", new(2025, 1, 10, 0, 0, 0, TimeSpan.Zero), source: "oeil");
        var first = 0L;
        for (var n = 0; n < 9; n++)
        {
            var id = await AddAsync($"vote-{n}", $"Vote {n}", new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero).AddDays(7 * n), stage: "Plenary vote");
            if (n == 0) first = id;
            for (var c = 0; c < 5; c++)
                await AddAsync($"coverage-{n}-{c}", "Coverage", new DateTimeOffset(2025, 2, 1, 1, 0, 0, TimeSpan.Zero).AddDays(7 * n + c), kind: "article", source: "news");
        }

        var status = await Queries.StatusAsync(Dossier, Now);

        Assert.Equal(("plenary vote", first, "Vote 8"), (status.CurrentStage, status.ReachedBy!.Id, status.LastStep!.Title));
    }

    [Fact]
    public async Task Items_are_counted_up_to_now_over_earlier_weeks_and_this_one_and_none_dated_later()
    {
        // Now is Monday 15 June 2026, noon: this week holds one item before now and one after.
        await AddAsync("last-year", "A vote last year", new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await AddAsync("last-week", "Coverage last week", Now.AddDays(-3), kind: "article", source: "news");
        await AddAsync("this-morning", "Coverage this morning", Now.AddHours(-2), kind: "article", source: "news");
        await AddAsync("this-afternoon", "A sitting this afternoon", Now.AddHours(2));
        await AddAsync("next-month", "A sitting next month", Now.AddDays(30));

        var status = await Queries.StatusAsync(Dossier, Now);
        var aWeekOn = await Queries.StatusAsync(Dossier, Now.AddDays(7));

        Assert.Equal((3L, Now.AddHours(-2)), (status.Items, status.LastActivityAt));
        Assert.Equal((4L, Now.AddHours(2)), (aWeekOn.Items, aWeekOn.LastActivityAt));
    }

    [Fact]
    public async Task A_run_of_one_kind_longer_than_the_walk_is_said_to_begin_where_the_walk_stops()
    {
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new List<long>();
        for (var n = 0; n < DossierQueries.StepsBackAtMost + 5; n++)
            ids.Add(await AddAsync($"sitting-{n}", $"Sitting {n}", start.AddHours(n), stage: "Committee stage"));

        var status = await Queries.StatusAsync(Dossier, Now);

        // The newest step is the last; the walk reads the newest StepsBackAtMost of them and no further.
        Assert.Equal(ids[^1], status.LastStep!.Id);
        Assert.Equal(ids[^DossierQueries.StepsBackAtMost], status.ReachedBy!.Id);
    }

    [Fact]
    public async Task Today_decides_what_is_reached_and_what_is_expected()
    {
        await AddAsync("vote", "Plenary vote", new(2026, 3, 26, 0, 0, 0, TimeSpan.Zero), stage: "Plenary vote");
        var sitting = await AddAsync("sitting", "Trilogue", new(2026, 9, 29, 9, 0, 0, TimeSpan.Zero), stage: "trilogue");

        var before = await Queries.StatusAsync(Dossier, new(2026, 9, 29, 8, 59, 59, TimeSpan.Zero));
        var after = await Queries.StatusAsync(Dossier, new(2026, 9, 29, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal(("plenary vote", sitting), (before.CurrentStage, before.NextStep!.Id));
        Assert.Equal(("trilogue", sitting, (OfficialStep?)null), (after.CurrentStage, after.LastStep!.Id, after.NextStep));
    }

    [Fact]
    public async Task A_milestone_known_to_the_month_keeps_its_precision()
    {
        await AddAsync("council", "Council vote called off", new(2025, 10, 1, 0, 0, 0, TimeSpan.Zero), kind: "milestone", stage: "Council");
        await _db.ExecuteAsync("UPDATE items SET published_raw = '2025-10' WHERE guid = 'council'");

        var status = await Queries.StatusAsync(Dossier, Now);

        Assert.True(status.LastStep!.IsMonthOnly);
        Assert.Equal("Council", status.CurrentStage);
    }

    [Fact]
    public async Task Without_any_official_step_there_is_no_stage()
    {
        await AddAsync("coverage", "Coverage only", Now.AddDays(-3), kind: "article", source: "news");

        var status = await Queries.StatusAsync(Dossier, Now);

        Assert.Equal((null, null, null, null, 1L), (status.CurrentStage, status.ReachedBy, status.LastStep, status.NextStep, status.Items));
    }

    [Fact]
    public async Task What_a_parliaments_api_says_in_official_status_wins_over_the_latest_step()
    {
        // The table the uk-bill and ep-procedure sources keep (migration 9), one row per source.
        foreach (var id in new[] { "uk-bill-old", "uk-bill", "other" })
            await _db.ExecuteAsync("INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES (@id, @id, 'https://bills.parliament.uk/bills/3137', 'uk-bill', 'uk', 60)",
                new { id });
        var assent = await AddAsync("assent", "Royal Assent", new(2023, 10, 26, 0, 0, 0, TimeSpan.Zero), stage: "Royal Assent");
        await AddAsync("ofcom", "Ofcom codes", new(2025, 4, 24, 0, 0, 0, TimeSpan.Zero), kind: "milestone", stage: "codes");
        var before = await Queries.StatusAsync(Dossier, Now);
        await _db.ExecuteAsync(
            """
            INSERT INTO official_status (source_id, dossier_id, reference, current_stage, current_house, is_act, updated_at) VALUES
                ('uk-bill-old', 'eu-csam-regulation', 'bill 3136', '3rd reading', 'Lords', FALSE, '2023-09-07T00:00:00Z'),
                ('uk-bill', 'eu-csam-regulation', 'bill 3137', 'Royal Assent', 'Unassigned', TRUE, '2026-06-01T00:00:00Z'),
                ('other', 'another-dossier', 'bill 3138', 'Committee stage', 'Commons', FALSE, '2026-06-02T00:00:00Z')
            """);

        var status = await Queries.StatusAsync(Dossier, Now);

        Assert.Equal("codes", before.CurrentStage);
        Assert.Equal("Royal Assent", status.CurrentStage);
        Assert.Equal(assent, status.ReachedBy!.Id);
        Assert.True(status.IsAct);
        Assert.Equal("Unassigned", status.CurrentHouse);
        Assert.Equal("Ofcom codes", status.LastStep!.Title);
        Assert.Equal("Royal Assent|Unassigned|True", (await Queries.StatusVersionAsync(Dossier, Now)).Official);
    }

    [Fact]
    public async Task The_status_version_moves_when_now_passes_a_dated_step()
    {
        var sitting = new DateTimeOffset(2026, 9, 29, 9, 0, 0, TimeSpan.Zero);
        await AddAsync("vote", "Plenary vote", new(2026, 3, 26, 0, 0, 0, TimeSpan.Zero), stage: "Plenary vote");
        await AddAsync("sitting", "Trilogue", sitting, stage: "trilogue");

        var before = await Queries.StatusVersionAsync(Dossier, sitting.AddSeconds(-1));
        var after = await Queries.StatusVersionAsync(Dossier, sitting);

        Assert.Equal((sitting, new DateTimeOffset(2026, 3, 26, 0, 0, 0, TimeSpan.Zero)), (before.NextDatedAt!.Value, before.LatestPastAt!.Value));
        Assert.Equal(((DateTimeOffset?)null, sitting), (after.NextDatedAt, after.LatestPastAt!.Value));
        Assert.Equal("", after.Official);
    }

    public void Dispose() => _db.Dispose();
}
