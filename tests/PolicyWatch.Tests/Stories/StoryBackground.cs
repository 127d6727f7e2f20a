using System.Text.Json;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Stories;

/// <summary>
/// Word frequencies a store would have from its other content: the words of PolicyWatch's own labelled tagging
/// items (Classifying/testdata), counted in without storing the items. Without them a store of two items weighs
/// every word alike and no two reports of an event look alike.
/// </summary>
internal static class StoryBackground
{
    public static async Task CountAsync(Database database)
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(TestPaths.TestData("Classifying", "testdata", "labelled-own.json")));
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var item in document.RootElement.EnumerateArray())
            await StoryStore.CountWordsAsync(transaction, item.GetProperty("title").GetString()!,
                item.TryGetProperty("summary", out var summary) ? summary.GetString() : null);
        await transaction.CommitAsync();
    }
}
