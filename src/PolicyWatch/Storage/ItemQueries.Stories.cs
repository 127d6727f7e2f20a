using Dapper;
using Microsoft.Data.Sqlite;

namespace PolicyWatch.Storage;

/// <summary>Another item of a story, as a list of "also reported by" names it: its source, linked to its page.</summary>
public sealed record StoryReport
{
    public long ItemId { get; init; }
    public required string SourceId { get; init; }
    public required string SourceName { get; init; }
}

/// <summary>
/// The story an item is in: its stable id (the id of the item that founded it), how many items and sources it has,
/// and the item's fellow members by source (the first item of each other source, lead first then by date), at most
/// <see cref="ItemQueries.ReportsShown"/> of them.
/// </summary>
public sealed record StorySummary(long Id, int Items, int Sources, IReadOnlyList<StoryReport> AlsoReportedBy)
{
    /// <summary>An item in no story: a story of one, known by the item's own id.</summary>
    public static StorySummary Alone(long itemId) => new(itemId, 1, 1, []);

    /// <summary>How many other sources carried it (the count "also reported by" gives; the list may be shorter).</summary>
    public int OtherSources { get; init; }
}

public sealed partial class ItemQueries
{
    /// <summary>The most fellow sources a list names per story; the count says how many there are.</summary>
    public const int ReportsShown = 10;

    private sealed record MemberRow(long StoryId, long ItemId, string SourceId, string SourceName, long Items, long Sources);

    private static async Task<List<TimelineItem>> WithStoriesAsync(SqliteConnection connection, List<TimelineItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return items;
        var stories = await StoriesOfAsync(connection, items.Select(i => (i.Id, i.SourceId)).ToList(), cancellationToken);
        return items.Select(i => i with { Story = stories[i.Id] }).ToList();
    }

    /// <summary>Each item's story: its members in one query for the whole page (stories are small; followers beyond a cap are only counted).</summary>
    internal static async Task<IReadOnlyDictionary<long, StorySummary>> StoriesOfAsync(SqliteConnection connection,
        IReadOnlyList<(long Id, string SourceId)> items, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<MemberRow>(new CommandDefinition(
            """
            SELECT m.story_id AS StoryId, m.item_id AS ItemId, m.source_id AS SourceId, s.name AS SourceName, st.items AS Items, st.sources AS Sources
            FROM (SELECT DISTINCT story_id FROM story_members WHERE item_id IN @Ids) mine
            CROSS JOIN stories st ON st.id = mine.story_id
            CROSS JOIN story_members m ON m.story_id = mine.story_id
            CROSS JOIN sources s ON s.id = m.source_id
            ORDER BY m.story_id, m.is_lead DESC, m.published_at, m.item_id
            """, new { Ids = items.Select(i => i.Id).ToArray() }, cancellationToken: cancellationToken))).AsList();
        var byStory = rows.GroupBy(r => r.StoryId).ToDictionary(g => g.Key, g => g.ToList());
        var storyOf = rows.ToDictionary(r => r.ItemId, r => r.StoryId);
        return items.ToDictionary(i => i.Id, i =>
        {
            if (!storyOf.TryGetValue(i.Id, out var story)) return StorySummary.Alone(i.Id);
            var members = byStory[story];
            var others = members.Where(m => m.ItemId != i.Id && m.SourceId != i.SourceId).DistinctBy(m => m.SourceId).ToList();
            return new StorySummary(story, (int)members[0].Items, (int)members[0].Sources,
                others.Take(ReportsShown).Select(m => new StoryReport { ItemId = m.ItemId, SourceId = m.SourceId, SourceName = m.SourceName }).ToList())
            { OtherSources = others.Count };
        });
    }
}
