using Dapper;
using PolicyWatch.Storage;

namespace PolicyWatch.Tests.Stories;

/// <summary>Stories written straight into a test database, as StoryStore writes them (the triggers choose the lead), for tests of what reads them.</summary>
internal static class StoryRows
{
    /// <summary>Makes a story of <paramref name="founder"/> and the others.</summary>
    public static async Task JoinAsync(Database database, long founder, params long[] others)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO stories (id, lead_item_id, items, sources, created_at) VALUES (@Id, @Id, 1, 1, '2024-01-01T00:00:00Z')", new { Id = founder });
        await connection.ExecuteAsync(
            """
            INSERT INTO story_members (item_id, story_id, source_id, kind, published_at, official, joined_by)
            SELECT id, @Story, source_id, kind, published_at, FALSE, 'test' FROM items WHERE id = @Id
            """, new[] { founder }.Concat(others).Select(id => new { Id = id, Story = founder }));
    }
}
