using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

public sealed class MilestoneStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static PolicyCatalog CatalogWith(string milestonesJson) => CatalogLoader.Load(
        TestCatalog.Json().Replace("\"phrases\": [\"chat control\"]", $"\"phrases\": [\"chat control\"], \"milestones\": [{milestonesJson}]"),
        "feeds.json");

    private const string Proposal = """{ "date": "2022-05-11", "title": "Commission proposal", "stage": "proposal", "url": "https://eur-lex.europa.eu/p" }""";
    private const string Vote = """{ "date": "2023-11", "title": "Committee vote", "stage": "committee vote", "url": "https://example.org/v" }""";

    [Fact]
    public async Task Milestones_load_idempotently_and_follow_edits_and_removals()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json());
        var store = new MilestoneStore(pipeline.Database);

        Assert.Equal((2, 0, 0), await store.SyncAsync(CatalogWith($"{Proposal}, {Vote}"), Now));
        Assert.Equal((0, 0, 0), await store.SyncAsync(CatalogWith($"{Proposal}, {Vote}"), Now));
        var id = await pipeline.CountAsync("SELECT id FROM items WHERE title = 'Commission proposal'");

        Assert.Equal((0, 1, 0), await store.SyncAsync(CatalogWith($"{Proposal.Replace("Commission proposal", "Commission proposes COM(2022)209")}, {Vote}"), Now));
        Assert.Equal(id, await pipeline.CountAsync("SELECT id FROM items WHERE title = 'Commission proposes COM(2022)209'"));

        Assert.Equal((0, 1, 1), await store.SyncAsync(CatalogWith(Proposal), Now)); // title back, vote removed
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items WHERE kind = 'milestone'"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM item_dossiers WHERE item_id NOT IN (SELECT id FROM items)"));
    }

    [Fact]
    public async Task A_milestone_is_stored_with_its_publisher_as_author_and_a_new_publisher_updates_it()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json());
        var store = new MilestoneStore(pipeline.Database);
        var queries = new ItemDetailQueries(pipeline.Database);

        await store.SyncAsync(CatalogWith(Proposal), Now);
        var id = await pipeline.CountAsync("SELECT id FROM items WHERE kind = 'milestone'");
        Assert.Equal(["Publications Office of the European Union"], (await queries.FindAsync(id))!.Authors);

        Assert.Equal((0, 1, 0), await store.SyncAsync(CatalogWith(Proposal.Replace("}", ", \"publisher\": \"European Commission\" }")), Now));
        Assert.Equal(["European Commission"], (await queries.FindAsync(id))!.Authors);
    }

    [Fact]
    public async Task A_milestone_is_tagged_with_its_dossier_and_its_jurisdiction_at_the_precision_given()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json());

        await new MilestoneStore(pipeline.Database).SyncAsync(CatalogWith(Vote), Now);

        var item = (await new ItemQueries(pipeline.Database).ListAsync(new ItemFilter { Dossier = "eu-csam-regulation" }, 10)).Single();
        Assert.Equal(("milestone", "committee vote", "2023-11", true), (item.Kind, item.Stage, item.PublishedRaw, item.IsMonthOnly));
        Assert.Equal(new DateTimeOffset(2023, 11, 1, 0, 0, 0, TimeSpan.Zero), item.PublishedAt);
        Assert.Equal(["eu"], item.Jurisdictions);
    }
}
