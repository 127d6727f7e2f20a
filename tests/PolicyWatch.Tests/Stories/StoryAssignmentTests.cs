using Dapper;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage;
using PolicyWatch.Stories;
using PolicyWatch.Tests.Storage;

namespace PolicyWatch.Tests.Stories;

/// <summary>Items become stories as they are stored: the same event from several sources, one story with a stable id and a lead.</summary>
public sealed class StoryAssignmentTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2024, 12, 9, 10, 0, 0, TimeSpan.Zero);
    private readonly StoredItems _store = new();

    public StoryAssignmentTests() => StoryBackground.CountAsync(_store.Database, StoryBackground.Own()).GetAwaiter().GetResult();

    private const string Lawsuit = "Apple sued over abandoned iCloud CSAM detection";
    private const string LawsuitText = "A lawsuit filed in Northern California on behalf of 2,680 victims seeks $1.2 billion from Apple for dropping its plan to detect child sexual abuse material in iCloud Photos.";

    [Fact]
    public async Task The_same_event_from_another_source_joins_the_story_of_the_first()
    {
        var first = await StoreAsync("macrumors", "Apple Hit With $1.2B Lawsuit Over Abandoned CSAM Detection System", LawsuitText, Day);
        var second = await StoreAsync("neowin", Lawsuit, "Victims sue Apple for $1.2 billion, saying its abandoned iCloud Photos CSAM detection lets abuse material keep circulating.", Day.AddHours(5));

        var members = await MembersAsync();
        Assert.Equal([(first, first, true), (second, first, false)], members);
        Assert.Equal((2L, 2L, first), await StoryAsync(first));
    }

    [Fact]
    public async Task Different_events_and_coverage_outside_the_window_stay_apart()
    {
        await StoreAsync("macrumors", Lawsuit, LawsuitText, Day);
        await StoreAsync("neowin", "Ofcom fines 4chan for failing to answer information requests under the Online Safety Act", "The regulator's first fine under the Act.", Day);
        await StoreAsync("neowin", Lawsuit, LawsuitText, Day.AddDays(StoryRules.Default.WindowDays + 1));

        Assert.Empty(await MembersAsync());
    }

    [Fact]
    public async Task The_same_link_joins_whatever_the_words_or_dates()
    {
        var first = await StoreAsync("edri", "Chat control: what you need to know", "An explainer.", Day, url: "https://example.org/a");
        var second = await StoreAsync("netzpolitik", "Chatkontrolle erklärt", "Ein Überblick.", Day.AddDays(30), url: "https://example.org/a");

        Assert.Equal([(first, first, true), (second, first, false)], await MembersAsync());
        await using var connection = await _store.Database.OpenAsync();
        Assert.StartsWith("link or content", await connection.ExecuteScalarAsync<string>("SELECT joined_by FROM story_members WHERE item_id = @Id", new { Id = second }));
    }

    [Fact]
    public async Task An_earlier_item_arriving_later_leads_but_the_story_keeps_its_id()
    {
        var founder = await StoreAsync("macrumors", Lawsuit, LawsuitText, Day.AddDays(1));
        var third = await StoreAsync("neowin", Lawsuit, LawsuitText + " Apple says it is fighting these crimes.", Day.AddDays(2));
        var earliest = await StoreAsync("nytimes", "Thousands of victims sue Apple over abandoned CSAM detection in iCloud", LawsuitText, Day);

        Assert.Equal([(founder, founder, false), (third, founder, false), (earliest, founder, true)], await MembersAsync());
        Assert.Equal((3L, 3L, earliest), await StoryAsync(founder));
    }

    [Fact]
    public async Task An_official_bodys_report_leads_its_story_and_a_removed_member_hands_the_lead_on()
    {
        var article = await StoreAsync("edri", "Council adopts its position", "Coverage.", Day, url: "https://consilium.example/press");
        var official = await StoreAsync("council", "Council position adopted", null, Day.AddHours(3), url: "https://consilium.example/press", officialSource: true);
        Assert.Equal([(article, article, false), (official, article, true)], await MembersAsync());

        await _store.ExecuteAsync("DELETE FROM items WHERE id = @Id", new { Id = official });

        Assert.Equal([(article, article, true)], await MembersAsync());
        Assert.Equal((1L, 1L, article), await StoryAsync(article));
    }

    [Fact]
    public async Task A_sources_own_series_and_official_records_stay_out_of_stories()
    {
        for (var week = 1; week <= 3; week++)
            await StoreAsync("edri", $"Weekly note {week} on chat control", "A short note on the week in Brussels.", Day.AddDays(2 * week));
        await StoreAsync("edri", "EDRi-gram: the week in digital rights", null, Day, url: "https://example.org/same");
        await StoreAsync("edri", "EDRi-gram: the week in digital rights (corrected)", null, Day.AddHours(1), url: "https://example.org/same");
        await StoreAsync("oeil", "Committee vote", null, Day, url: "https://oeil.example/procedure", kind: ItemKind.Legislative);
        await StoreAsync("milestones", "Committee vote", null, Day, url: "https://oeil.example/procedure", kind: ItemKind.Milestone);
        await StoreAsync("netzpolitik", "Committee vote on chat control", null, Day, url: "https://oeil.example/procedure");

        Assert.Empty(await MembersAsync());
        await using var connection = await _store.Database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM story_signatures g WHERE g.item_id = i.id)"));
    }

    [Fact]
    public async Task A_member_whose_date_changes_is_placed_again()
    {
        var first = await StoreAsync("macrumors", Lawsuit, LawsuitText, Day);
        var second = await StoreAsync("neowin", Lawsuit, LawsuitText, Day.AddHours(2));

        await _store.ExecuteAsync("UPDATE items SET published_at = @At WHERE id = @Id", new { Id = second, At = Day.AddHours(-2) });

        Assert.Equal([(first, first, false), (second, first, true)], await MembersAsync());
        Assert.Equal(second, (await StoryAsync(first)).Lead);
    }

    [Fact]
    public async Task A_history_walk_assigns_what_it_adds()
    {
        var live = await StoreAsync("macrumors", Lawsuit, LawsuitText, Day);
        await using var connection = await _store.Database.OpenAsync();
        await EnsureSourceAsync(connection, "neowin");
        await using var transaction = await connection.BeginTransactionAsync();
        await ItemStore.AddFromHistoryAsync(transaction, "neowin", [Classified(Lawsuit, LawsuitText, Day.AddHours(-3), null, ItemKind.Article)],
            new HistoryArrival("https://neowin.example/page/2", null), Day);
        await transaction.CommitAsync();

        var members = await MembersAsync();
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.Equal(live, m.Story));
    }

    [Fact]
    public async Task Hostile_text_costs_a_bounded_amount_of_work()
    {
        var words = string.Join(' ', Enumerable.Range(0, 200_000).Select(i => $"word{i}"));
        var terms = StoryText.Terms(words, words);
        Assert.True(terms.Count <= StoryText.MaxTerms);

        await using var connection = await _store.Database.OpenAsync();
        var known = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM story_terms");
        await StoreAsync("edri", words, words, Day);
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM story_terms") <= known + StoryText.MaxTerms);
        Assert.Equal(StoryRules.Default.Keys, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM story_keys"));
    }

    [Theory]
    [InlineData("images", "imag")]
    [InlineData("image", "imag")]
    [InlineData("scanning", "scan")]
    [InlineData("scanned", "scan")]
    [InlineData("delays", "delay")]
    [InlineData("delayed", "delay")]
    [InlineData("policies", "policy")]
    [InlineData("fined", "fin")]
    [InlineData("fines", "fin")]
    [InlineData("access", "access")]
    public void Stems_let_the_forms_of_a_word_meet(string word, string stem) => Assert.Equal(stem, StoryText.Stem(word));

    [Theory]
    [InlineData("EU fines X €120M", "eu fines x 120 million")]
    [InlineData("EU fines X 120 million euros", "eu fines x 120 million euros")]
    [InlineData("a €120 mn fine", "a 120 million fine")]
    [InlineData("Apple Hit With $1.2B Lawsuit", "apple hit with 12 billion lawsuit")]
    [InlineData("seeks $1.2 billion", "seeks 12 billion")]
    [InlineData("fined £26,000 and £3.5bn", "fined 26000 and 35 billion")]
    [InlineData("an m and a b, 3 b.", "an m and a b 3 billion")]
    [InlineData("Article 5, 6 and 7.", "article 5 6 and 7")]
    public void Amounts_are_written_one_way(string text, string words) => Assert.Equal(words, string.Join(' ', StoryText.Words(text)));

    private async Task<long> StoreAsync(string source, string title, string? summary, DateTimeOffset at, string? url = null, ItemKind kind = ItemKind.Article,
        bool officialSource = false)
    {
        await using var connection = await _store.Database.OpenAsync();
        await EnsureSourceAsync(connection, source, officialSource);
        await using var transaction = await connection.BeginTransactionAsync();
        var counts = await ItemStore.UpsertAsync(transaction, source, [Classified(title, summary, at, url, kind)], at);
        await transaction.CommitAsync();
        return counts.NewIds.Single();
    }

    private static Task EnsureSourceAsync(System.Data.Common.DbConnection connection, string source, bool official = false) => connection.ExecuteAsync(
        "INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds, official) VALUES (@Source, @Source, 'file:///x', 'feed', 'eu', 60, @Official) ON CONFLICT DO NOTHING",
        new { Source = source, Official = official });

    private static ClassifiedItem Classified(string title, string? summary, DateTimeOffset at, string? url, ItemKind kind) => new(
        new NormalizedItem(Guid.NewGuid().ToString(), kind, title, url, url, [], null, summary, null, at, null, null,
            Normalizer.Sha256(Guid.NewGuid().ToString())),
        new Classification([], [], [], []));

    private async Task<List<(long Item, long Story, bool Lead)>> MembersAsync()
    {
        await using var connection = await _store.Database.OpenAsync();
        return (await connection.QueryAsync<(long, long, bool)>("SELECT item_id, story_id, is_lead FROM story_members ORDER BY item_id")).AsList();
    }

    private async Task<(long Items, long Sources, long Lead)> StoryAsync(long id)
    {
        await using var connection = await _store.Database.OpenAsync();
        return await connection.QuerySingleAsync<(long, long, long)>("SELECT items, sources, lead_item_id FROM stories WHERE id = @Id", new { Id = id });
    }

    public void Dispose() => _store.Dispose();
}
