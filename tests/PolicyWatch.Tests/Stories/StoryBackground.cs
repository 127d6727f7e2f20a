using System.Text;
using System.Text.Json;
using PolicyWatch.Normalizing;
using PolicyWatch.Parsing;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Stories;

/// <summary>
/// Word frequencies a store would have from its other content, fixed with the pair set (testdata/story-background.json,
/// README beside it): a snapshot of PolicyWatch's own labelled items not in the pair set, the shared corpus's labelled
/// items it names, and the entries of the shared corpus's real-world feeds. Fixed so that the pair scores move only
/// when the rules do: when they counted the tagging set as it grew, its growth alone moved recall. Without a
/// background a store of two items weighs every word alike and no two reports of an event look alike.
/// </summary>
internal static class StoryBackground
{
    /// <summary>The snapshot of our own labelled items: no shared corpus needed.</summary>
    public static IEnumerable<(string Title, string? Summary)> Own() =>
        Read().RootElement.GetProperty("own").EnumerateArray().Select(TextOf).ToList();

    /// <summary>All of it: the snapshot, the shared corpus's labelled items it names and its real-world feeds' entries (read in place).</summary>
    public static IEnumerable<(string Title, string? Summary)> WithCorpus()
    {
        using var tagging = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.CorpusRoot, "tagging", "labelled.json")));
        var byId = tagging.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, TextOf);
        var named = Read().RootElement.GetProperty("tagging").EnumerateArray()
            .Select(id => byId.TryGetValue(id.GetString()!, out var text) ? text : throw new InvalidDataException($"tagging:{id} is not in the corpus"));
        return Own().Concat(named.ToList()).Concat(RealWorldEntries());
    }

    /// <summary>Counts the texts' words into the database's document frequencies, without storing them as items.</summary>
    public static async Task CountAsync(Database database, IEnumerable<(string Title, string? Summary)> texts)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var (title, summary) in texts)
            await StoryStore.CountWordsAsync(transaction, title, summary);
        await transaction.CommitAsync();
    }

    private static JsonDocument Read() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.TestData("Stories", "testdata", "story-background.json")));

    private static (string Title, string? Summary) TextOf(JsonElement e) =>
        (e.GetProperty("title").GetString()!, e.TryGetProperty("summary", out var summary) ? summary.GetString() : null);

    /// <summary>The title and text of every entry of the real-world feeds of the shared corpus.</summary>
    private static IEnumerable<(string Title, string? Summary)> RealWorldEntries()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.CorpusRoot, "realworld"), "*.xml", SearchOption.AllDirectories))
        {
            ParsedFeed feed;
            try { feed = FeedParser.Parse(File.ReadAllBytes(path), null, new Uri("https://feeds.example.org/")); }
            catch (FeedParseException) { continue; }
            foreach (var entry in feed.Entries)
                yield return (entry.Title ?? "", HtmlText.ToPlainText(entry.Summary ?? entry.Content));
        }
    }
}
