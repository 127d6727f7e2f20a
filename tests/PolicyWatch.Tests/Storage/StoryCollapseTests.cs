using PolicyWatch.Storage;
using PolicyWatch.Tests.Stories;

namespace PolicyWatch.Tests.Storage;

/// <summary>Timelines and searches list a story once: by its lead when the view holds it, else by the first of its members the view holds.</summary>
public sealed class StoryCollapseTests : IDisposable
{
    private readonly StoredItems _store = new();

    [Fact]
    public async Task A_story_is_listed_once_by_its_lead_with_the_other_sources_and_every_item_when_expanded()
    {
        var lead = await _store.AddAsync("Council agrees its position on chat control", at: StoredItems.Day, source: "edri", jurisdictions: ["eu"]);
        var follower = await _store.AddAsync("EU states agree chat control position", at: StoredItems.Day.AddHours(2), source: "netzpolitik", jurisdictions: ["eu"]);
        var alone = await _store.AddAsync("DSA: X fined", at: StoredItems.Day.AddHours(1), source: "politico", jurisdictions: ["eu"]);
        await JoinAsync(lead, follower);

        var collapsed = (await _store.Queries.PageAsync(new ItemFilter { Jurisdiction = "eu" }, null, 50)).Items;
        Assert.Equal([alone, lead], collapsed.Select(i => i.Id));
        var story = collapsed[1].Story!;
        Assert.Equal((lead, 2, 2), (story.Id, story.Items, story.Sources));
        Assert.Equal([(follower, "netzpolitik")], story.AlsoReportedBy.Select(r => (r.ItemId, r.SourceId)));
        Assert.Equal(StorySummary.Alone(alone), collapsed[0].Story);

        var expanded = (await _store.Queries.PageAsync(new ItemFilter { Jurisdiction = "eu", CollapseStories = false }, null, 50)).Items;
        Assert.Equal([follower, alone, lead], expanded.Select(i => i.Id));
        Assert.Equal(lead, expanded[0].Story!.Id);
    }

    [Fact]
    public async Task A_view_that_leaves_the_lead_out_shows_the_first_member_it_holds()
    {
        var lead = await _store.AddAsync("Apple drops CSAM scanning", at: StoredItems.Day, source: "macrumors", jurisdictions: ["us"]);
        var second = await _store.AddAsync("Apple abandons iCloud scanning plan", at: StoredItems.Day.AddHours(1), source: "edri", dossiers: ["apple-csam-detection"]);
        var third = await _store.AddAsync("Apple kills photo scanning", at: StoredItems.Day.AddHours(2), source: "eff", dossiers: ["apple-csam-detection"]);
        await JoinAsync(lead, second, third);

        Assert.Equal([second], (await _store.Queries.PageAsync(new ItemFilter { Dossier = "apple-csam-detection" }, null, 50)).Items.Select(i => i.Id));
        Assert.Equal([third], (await _store.Queries.PageAsync(new ItemFilter { Source = "eff" }, null, 50)).Items.Select(i => i.Id));
        Assert.Equal([lead], (await _store.Queries.PageAsync(new ItemFilter(), null, 50)).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Paging_shows_each_story_once_whatever_the_page_size()
    {
        var ids = new List<long>();
        for (var n = 0; n < 12; n++)
            ids.Add(await _store.AddAsync($"Item {n} on chat control", at: StoredItems.Day.AddHours(n), source: $"s{n % 4}", jurisdictions: ["eu"]));
        await JoinAsync(ids[0], ids[5], ids[11]);
        await JoinAsync(ids[3], ids[4]);

        var expected = ids.Except([ids[5], ids[11], ids[4]]).Reverse().ToList();
        foreach (var size in new[] { 1, 2, 5, 50 })
            Assert.Equal(expected, (await _store.AllPagesAsync(new ItemFilter { Jurisdiction = "eu" }, size)).SelectMany(p => p).ToList());
    }

    [Fact]
    public async Task Paging_a_search_by_relevance_or_date_shows_each_story_once()
    {
        var ids = new List<long>();
        for (var n = 0; n < 12; n++)
            ids.Add(await _store.AddAsync(string.Join(' ', Enumerable.Repeat("chat", 1 + n % 5)) + $" control item {n}", at: StoredItems.Day.AddHours(n), source: $"s{n % 4}"));
        await JoinAsync(ids[0], ids[5], ids[11]);
        await JoinAsync(ids[3], ids[4], ids[9], ids[10]);

        foreach (var order in new[] { ItemOrder.Relevance, ItemOrder.Date })
        {
            var whole = (await _store.AllPagesAsync(new ItemFilter { Q = "chat", Order = order }, 50)).SelectMany(p => p).ToList();
            Assert.Equal(ids.Except([ids[5], ids[11], ids[4], ids[9], ids[10]]).Order(), whole.Order());
            foreach (var size in new[] { 1, 2, 3 })
                Assert.Equal(whole, (await _store.AllPagesAsync(new ItemFilter { Q = "chat", Order = order }, size)).SelectMany(p => p).ToList());
        }
    }

    [Fact]
    public async Task Searches_list_a_story_once_by_relevance_and_by_date()
    {
        var lead = await _store.AddAsync("Ofcom fines 4chan under the Online Safety Act", at: StoredItems.Day, source: "ofcom");
        var follower = await _store.AddAsync("4chan penalised by the regulator", summary: "4chan 4chan 4chan", at: StoredItems.Day.AddHours(3), source: "bbc");
        var other = await _store.AddAsync("Ofcom opens an investigation into 4chan", at: StoredItems.Day.AddDays(-90), source: "bbc");
        await JoinAsync(lead, follower);

        Assert.Equal([lead, other], (await _store.SearchIdsAsync("4chan")).Order());
        Assert.Equal([lead, other], (await _store.SearchIdsAsync("4chan", new ItemFilter { Order = ItemOrder.Date })));
        // The lead does not match this search; the follower shows the story.
        Assert.Equal([follower], await _store.SearchIdsAsync("penalised"));
        // A prefix is evaluated once for all the members checked, whichever order.
        Assert.Equal([lead, other], await _store.SearchIdsAsync("4cha*", new ItemFilter { Order = ItemOrder.Date }));
        Assert.Equal([follower], await _store.SearchIdsAsync("penalis*"));
    }

    private Task JoinAsync(long founder, params long[] others) => StoryRows.JoinAsync(_store.Database, founder, others);

    public void Dispose() => _store.Dispose();
}
