using PolicyWatch.Classifying;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Stories;

namespace PolicyWatch.Tests.Storage;

/// <summary>The item page's, the API's and the exports' read models, and retagging, over items stored with their tags.</summary>
public sealed class ItemReadModelTests : IDisposable
{
    private readonly StoredItems _store = new();

    [Fact]
    public async Task The_item_page_shows_an_item_with_its_tags_their_reasons_and_its_story()
    {
        var id = await _store.AddAsync("Council agrees its position on chat control", "Ministers agreed.", archived: "The full text.",
            jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        var other = await _store.AddAsync("EU states agree chat control position", source: "netzpolitik");
        await WriteTagsAsync(id, new Classification(["eu-csam-regulation"], ["end-to-end-encryption"], ["eu"],
            [new TagReason("dossier:eu-csam-regulation", "chat control", "title"), new TagReason("jurisdiction:eu", "council", "title")]));
        await StoryRows.JoinAsync(_store.Database, id, other);

        var item = (await new ItemDetailQueries(_store.Database).FindAsync(id))!;

        Assert.Equal(("Council agrees its position on chat control", "Ministers agreed.", "The full text."), (item.Title, item.SummaryText, item.ArchivedText));
        Assert.Equal(StoredItems.Day, item.PublishedAt);
        Assert.False(item.DateIsFirstSeen);
        Assert.False(item.CopyTracked);
        Assert.Equal(["eu"], item.Jurisdictions);
        Assert.Equal(["eu-csam-regulation"], item.Dossiers);
        Assert.Equal(["end-to-end-encryption"], item.Topics);
        Assert.Equal(["dossier:eu-csam-regulation", "jurisdiction:eu"], item.Why.Select(w => w.Tag));
        Assert.Equal([other], item.SameStory.Select(s => s.Id));
        Assert.Equal((id, 2), (item.Story!.Id, item.Story.Items));
        Assert.Null(await new ItemDetailQueries(_store.Database).FindAsync(other + 1000));
    }

    [Fact]
    public async Task Exports_read_the_citation_fields_and_reasons_of_many_items_at_once()
    {
        var first = await _store.AddAsync("First", "Summary one.");
        var second = await _store.AddAsync("Second");
        await WriteTagsAsync(second, new Classification([], ["age-assurance"], [], [new TagReason("topic:age-assurance", "age checks", "summary")]));
        var queries = new ItemDetailQueries(_store.Database);

        var fields = await queries.CitationFieldsAsync([first, second]);
        var why = await queries.WhyAsync([first, second]);

        Assert.Equal(("Summary one.", (string?)null), (fields[first].SummaryText, fields[second].SummaryText));
        Assert.Empty(why[first]);
        Assert.Equal(("topic:age-assurance", "age checks", "summary"), why[second].Select(w => (w.Tag, w.Phrase, w.Field)).Single());
    }

    [Fact]
    public async Task Retagging_reads_each_items_text_and_tags_and_writes_the_new_ones()
    {
        var article = await _store.AddAsync("Age checks for social media", "Ofcom on age assurance.", jurisdictions: ["uk"]);
        await _store.AddAsync("Commission proposal", kind: "milestone", dossiers: ["eu-csam-regulation"]);
        var retag = new RetagStore(_store.Database);

        Assert.Equal(1, await retag.CountAsync(CancellationToken.None));
        var batch = await retag.RetagBatchAsync(0, 10, item => new Classification([], ["age-assurance"], ["uk"], []), CancellationToken.None);

        var read = Assert.Single(batch);
        Assert.Equal((article, "Ofcom on age assurance.", StoredItems.Day), (read.Id, read.SummaryText, read.PublishedAt));
        Assert.Equal(["jurisdiction:uk"], read.CurrentTags);
        Assert.Equal([article], await _store.SearchIdsAsync("age", new ItemFilter { Topic = "age-assurance" }));
        Assert.Empty(await retag.RetagBatchAsync(article, 10, _ => null, CancellationToken.None));
    }

    private async Task WriteTagsAsync(long id, Classification tags)
    {
        await using var connection = await _store.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ItemStore.WriteTagsAsync(transaction, id, StoredItems.Day, tags);
        await transaction.CommitAsync();
    }

    public void Dispose() => _store.Dispose();
}
