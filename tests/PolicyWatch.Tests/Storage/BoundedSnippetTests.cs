using Dapper;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Search;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

/// <summary>
/// Snippets in work bounded on hostile text, on both engines; on SQLite, pw_snippet is FTS5's snippet on ordinary text.
/// Quadratic work would take minutes on these rows, so a regression fails by timeout.
/// </summary>
public sealed class BoundedSnippetTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly StoredItems _store = new();

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Ordinary_rows_get_the_snippet_FTS5_makes()
    {
        await _store.AddAsync("Council debates chat control",
            "Ministers met in Brussels. They discussed encryption, client-side scanning and the chat control proposal at length; " +
            "no agreement on encryption was reached. The presidency will return to encryption in June.");
        await _store.AddAsync("Apple delays CSAM detection",
            "Apple said on Friday it would delay its plan to scan iCloud Photos for child sexual abuse material after criticism.",
            "Archived. " + string.Concat(Enumerable.Range(1, 200).Select(i => $"Sentence {i} about nothing in particular. ")) +
            "Here encryption finally appears, near the end, with chat control too. And a closing line.");
        await _store.AddAsync("Online Safety Act: Ofcom codes", "Ofcom published its first codes of practice under the Online Safety Act.");
        await _store.AddAsync("Verschlüsselung und Chatkontrolle", "Die Chatkontrolle bedroht die Verschlüsselung. Déjà vu: décision du Conseil.");
        var compared = 0;
        foreach (var q in new[] { "encryption", "\"chat control\"", "encrypt* OR apple", "ofcom codes", "chatkontrolle", "decision", "scan*", "sentence", "nothing particular" })
        {
            await using var connection = await _store.Database.OpenAsync();
            var snippets = await connection.QueryAsync<(string Theirs, string Ours)>(
                "SELECT snippet(items_fts, -1, '[', ']', '…', 24), pw_snippet(items_fts, '[', ']', '…', 24) FROM items_fts WHERE items_fts MATCH @Match",
                new { Match = SearchExpression.Translate(q) });
            foreach (var (theirs, ours) in snippets)
            {
                Assert.Equal(theirs, ours);
                compared++;
            }
        }
        Assert.Equal(13, compared);
    }

    [Fact]
    public async Task Rows_holding_a_word_hundreds_of_thousands_of_times_are_searched_in_bounded_work()
    {
        var huge = string.Concat(Enumerable.Repeat("encryption chat control ", 100_000));
        for (var i = 0; i < 3; i++) await _store.AddAsync($"Item {i} " + huge, summary: huge, archived: huge);

        foreach (var order in new[] { ItemOrder.Relevance, ItemOrder.Date })
        {
            var page = await _store.Queries.PageAsync(new ItemFilter { Q = "encryption OR \"chat control\"", Order = order }, null, 10).WaitAsync(Generous);

            Assert.Equal(3, page.Items.Count);
            Assert.All(page.Items, item => Assert.StartsWith($"{item.Title[..6]} <mark>encryption</mark> {MarkedPhrase}", item.Snippet));
            Assert.All(page.Items, item => Assert.InRange(item.Snippet!.Length, 100, 2 * BoundedSnippet.MaxTextBytes));
        }
    }

    /// <summary>"chat control" as a snippet marks it: whole on SQLite, word by word on PostgreSQL (ts_headline marks each word it matched).</summary>
    private static string MarkedPhrase => TestDatabases.OnPostgres ? "<mark>chat</mark> <mark>control</mark>" : "<mark>chat control</mark>";

    [Fact]
    public async Task A_snippet_holds_a_bounded_part_of_the_text_however_long_its_words()
    {
        var word = new string('x', 200_000);
        await _store.AddAsync("Statement", $"{word} encryption {word}", archived: $"encryption{new string(' ', 200_000)}.{new string(':', 200_000)} encryption");

        var snippet = (await _store.Queries.PageAsync(new ItemFilter { Q = "encryption" }, null, 10).WaitAsync(Generous)).Items.Single().Snippet!;

        Assert.Contains("<mark>encryption</mark>", snippet);
        Assert.EndsWith("…", snippet);
        Assert.InRange(snippet.Length, 10, BoundedSnippet.MaxTextBytes + 50);
    }

    [Fact]
    public async Task A_cut_never_splits_a_character()
    {
        await _store.AddAsync("Statement", "encryption " + new string('é', 5_000) + " " + string.Concat(Enumerable.Repeat("😀", 5_000)));

        var snippet = System.Net.WebUtility.HtmlDecode((await _store.Queries.PageAsync(new ItemFilter { Q = "encryption" }, null, 10)).Items.Single().Snippet!);

        Assert.StartsWith("<mark>encryption</mark> éé", snippet);
        Assert.DoesNotContain('\uFFFD', snippet);
        Assert.EndsWith("…", snippet);
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task A_match_deeper_than_the_bound_does_not_place_the_snippet()
    {
        await _store.AddAsync("Statement", archived: string.Concat(Enumerable.Repeat("word ", BoundedSnippet.MaxPosition)) + "encryption");

        var snippet = (await _store.Queries.PageAsync(new ItemFilter { Q = "encryption" }, null, 10).WaitAsync(Generous)).Items.Single().Snippet;

        Assert.Equal("Statement", snippet);
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Snippets_made_are_counted_per_database()
    {
        await _store.AddAsync("Encryption", "encryption");
        await _store.AddAsync("Encryption again", "encryption");
        var before = BoundedSnippet.MadeFor(_store.Database.Path);

        await _store.Queries.PageAsync(new ItemFilter { Q = "encryption" }, null, 10);

        Assert.Equal(before + 2, BoundedSnippet.MadeFor(_store.Database.Path));
    }

    public void Dispose() => _store.Dispose();
}
