using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using Rows = PolicyWatch.Tests.Syndication.StoredItems;

namespace PolicyWatch.Tests.Storage;

/// <summary>
/// One official step reported by two official sources (and a milestone) is one event on the dossier's timeline,
/// with every source; the stored rows stay as they are.
/// </summary>
public sealed class DossierTimelineTests : IDisposable
{
    private const string Dossier = "eu-csam-regulation";
    private static readonly DateTimeOffset VoteDay = new(2023, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private readonly StoredItems _db = new();

    private DossierQueries Queries => new(_db.Database, _db.Queries);

    public DossierTimelineTests()
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

    /// <summary>The same plenary step from the Parliament's API (stage), the Observatory (title only) and a milestone; beside it, other things.</summary>
    private async Task<(long Api, long Oeil, long Milestone)> TheSameStepThreeTimesAsync()
    {
        var milestone = await AddAsync("m", "Plenary confirms Parliament's mandate to negotiate", VoteDay, kind: "milestone", stage: "plenary");
        var oeil = await AddAsync("oeil-1", "Committee decision to enter into interinstitutional negotiations confirmed by plenary (Rule 71)", VoteDay.AddHours(0), source: "oeil");
        var api = await AddAsync("api-1", "Mandate confirmed", VoteDay.AddHours(11), stage: "Mandate for interinstitutional negotiations confirmed in plenary");
        // The same day, another step; the same step, another day; coverage of the vote the same day.
        await AddAsync("api-debate", "Debate", VoteDay.AddHours(9), stage: "Plenary debate");
        await AddAsync("oeil-2", "Decision by Parliament, 1st reading", VoteDay.AddDays(-8), source: "oeil");
        await AddAsync("news-1", "MEPs confirm the mandate", VoteDay.AddHours(15), kind: "article", source: "news");
        await AddAsync("news-2", "Plenary vote explained", VoteDay.AddHours(16), kind: "article", source: "news", stage: "plenary vote");
        return (api, oeil, milestone);
    }

    [Fact]
    public async Task Two_sources_and_a_milestone_of_one_step_on_one_day_are_one_event_with_every_source()
    {
        var (api, oeil, milestone) = await TheSameStepThreeTimesAsync();

        var page = await Queries.TimelinePageAsync(new ItemFilter { Dossier = Dossier }, null, 50);

        Assert.Equal(["Plenary vote explained", "MEPs confirm the mandate", "Mandate confirmed", "Debate", "Decision by Parliament, 1st reading"],
            page.Items.Select(i => i.Title));
        Assert.Equal([("Legislative Observatory", oeil), ("Curated milestones (feeds.json)", milestone)],
            page.SameStep[api].Select(s => (s.SourceName, s.Id)));
        Assert.Equal([api], page.SameStep.Keys);
        // The timeline reads them as one; the database keeps all three.
        Assert.Equal(7, (await _db.Queries.PageAsync(new ItemFilter { Dossier = Dossier }, null, 50)).Items.Count);
    }

    [Fact]
    public async Task A_view_without_the_first_record_shows_the_event_by_the_next_one()
    {
        var (api, oeil, milestone) = await TheSameStepThreeTimesAsync();

        var milestones = await Queries.TimelinePageAsync(new ItemFilter { Dossier = Dossier, Kind = ItemKind.Milestone }, null, 50);
        var observatory = await Queries.TimelinePageAsync(new ItemFilter { Dossier = Dossier, Source = "oeil" }, null, 50);

        Assert.Equal([milestone], milestones.Items.Select(i => i.Id));
        Assert.Equal([api, oeil], milestones.SameStep[milestone].Select(s => s.Id));
        Assert.Equal(2, observatory.Items.Count);
        Assert.Equal([api, milestone], observatory.SameStep[oeil].Select(s => s.Id));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Paging_shows_each_event_once_even_when_its_records_straddle_two_pages(int pageSize)
    {
        var (api, oeil, milestone) = await TheSameStepThreeTimesAsync();

        var shown = new List<long>();
        var folded = new List<long>();
        string? cursor = null;
        do
        {
            var page = await Queries.TimelinePageAsync(new ItemFilter { Dossier = Dossier }, cursor, pageSize);
            shown.AddRange(page.Items.Select(i => i.Id));
            folded.AddRange(page.SameStep.Values.SelectMany(s => s.Select(o => o.Id)));
            cursor = page.Next;
        } while (cursor is not null);

        Assert.Equal(5, shown.Count);
        Assert.Equal(shown.Distinct(), shown);
        Assert.Contains(api, shown);
        Assert.DoesNotContain(oeil, shown);
        Assert.DoesNotContain(milestone, shown);
        Assert.Equal([oeil, milestone], folded);
    }

    [Fact]
    public async Task Within_a_search_ranked_by_relevance_the_event_is_shown_once()
    {
        var (api, oeil, milestone) = await TheSameStepThreeTimesAsync();

        var page = await Queries.TimelinePageAsync(new ItemFilter { Dossier = Dossier, Q = "plenary OR mandate OR confirmed" }, null, 50);

        var ids = page.Items.Select(i => i.Id).ToList();
        Assert.Single(ids, id => id == api || id == oeil || id == milestone);
        Assert.Equal(2, page.SameStep.Values.Single().Count);
    }

    public void Dispose() => _db.Dispose();
}
