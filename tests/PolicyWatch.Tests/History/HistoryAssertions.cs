using Dapper;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Support.History;

namespace PolicyWatch.Tests.History;

/// <summary>What every history test checks: the items on or after the horizon, each stored exactly once, marked as history.</summary>
internal static class HistoryAssertions
{
    public static string Source(string id, Uri url, string keep = "all", string history = "auto") =>
        $$"""{ "id": "{{id}}", "name": "Source {{id}}", "url": "{{url}}", "jurisdiction": "eu", "every": "1h", "keep": "{{keep}}", "history": "{{history}}" }""";

    public static async Task<IReadOnlyList<string>> StoredGuidsAsync(TestPipeline pipeline, string sourceId)
    {
        await using var connection = await pipeline.Database.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT guid FROM items WHERE source_id = @sourceId ORDER BY guid", new { sourceId })).AsList();
    }

    /// <summary>Every expected item stored, none twice, nothing else.</summary>
    public static async Task StoredExactlyAsync(TestPipeline pipeline, string sourceId, IEnumerable<GeneratedItem> expected)
    {
        var stored = await StoredGuidsAsync(pipeline, sourceId);
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(expected.Select(i => i.Guid).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    public static IEnumerable<GeneratedItem> Since(this IEnumerable<GeneratedItem> items, DateOnly since) =>
        items.Where(i => DateOnly.FromDateTime(i.Published.UtcDateTime) >= since);
}
