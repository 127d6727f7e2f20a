using System.Data.Common;
using Dapper;
using PolicyWatch.Storage.Search;

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

    private sealed record EarlierMember(long Follower, long Member);

    /// <summary>
    /// For a search with stories collapsed: the rows <paramref name="fetch"/> returns (asked for at least
    /// <paramref name="wanted"/>, more when some must go), without the followers of stories whose lead or an earlier
    /// member is in the view too, in their order, at most <paramref name="wanted"/>. A follower left out is left out on
    /// every page, so paging stays exact. Without a search the query itself leaves them out (<see cref="StoryConditions"/>).
    /// </summary>
    private static async Task<List<T>> ShownAsync<T>(DbConnection connection, ItemFilter filter, ItemSearch search, int wanted,
        Func<int, Task<List<T>>> fetch, Func<T, long> idOf, CancellationToken cancellationToken)
    {
        if (!filter.CollapseStories) return await fetch(wanted);
        // Followers are a small share of any view: twice the page nearly always leaves a page after them.
        for (var ask = 2 * wanted + 10; ; ask *= 4)
        {
            var rows = await fetch(ask);
            var hidden = await HiddenFollowersAsync(connection, filter, search, rows.Select(idOf).ToArray(), cancellationToken);
            var shown = rows.Where(r => !hidden.Contains(idOf(r))).ToList();
            if (shown.Count >= wanted || rows.Count < ask) return shown.Take(wanted).ToList();
        }
    }

    /// <summary>
    /// Which of <paramref name="ids"/> are followers with a lead or an earlier member in the view: the members that pass
    /// the view's filters in one query, then those of them that match its words in one query of the search's engine.
    /// </summary>
    private static async Task<HashSet<long>> HiddenFollowersAsync(DbConnection connection, ItemFilter filter, ItemSearch search,
        long[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0) return [];
        var parameters = ItemFilterSql.Parameters(filter);
        parameters.Add("Ids", ids);
        var earlier = (await connection.QueryAsync<EarlierMember>(new CommandDefinition(
            $"""
            SELECT sm.item_id AS Follower, p.item_id AS Member
            FROM story_members sm CROSS JOIN story_members p
            WHERE {SqlDialect.Of(connection).In("sm.item_id", "@Ids")} AND NOT sm.is_lead AND p.story_id = sm.story_id AND p.item_id <> sm.item_id
              AND (p.is_lead OR p.published_at < sm.published_at OR (p.published_at = sm.published_at AND p.item_id < sm.item_id))
              {string.Concat(MemberMatches(filter).Select(c => " AND " + c))}
            """, parameters, cancellationToken: cancellationToken))).AsList();
        if (earlier.Count == 0) return [];
        var matching = await search.MatchingAsync(earlier.Select(e => e.Member).Distinct().ToArray(), cancellationToken);
        return earlier.Where(e => matching.Contains(e.Member)).Select(e => e.Follower).ToHashSet();
    }

    /// <summary>Properties, not a constructor: Dapper matches a constructor's types exactly, and the counts are integer on PostgreSQL.</summary>
    private sealed record MemberRow
    {
        public long StoryId { get; init; }
        public long ItemId { get; init; }
        public string SourceId { get; init; } = "";
        public string SourceName { get; init; } = "";
        public long Items { get; init; }
        public long Sources { get; init; }
    }

    private static async Task<List<TimelineItem>> WithStoriesAsync(DbConnection connection, List<TimelineItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return items;
        var stories = await StoriesOfAsync(connection, items.Select(i => (i.Id, i.SourceId)).ToList(), cancellationToken);
        return items.Select(i => i with { Story = stories[i.Id] }).ToList();
    }

    /// <summary>Each item's story: its members in one query for the whole page (stories are small; followers beyond a cap are only counted).</summary>
    internal static async Task<IReadOnlyDictionary<long, StorySummary>> StoriesOfAsync(DbConnection connection,
        IReadOnlyList<(long Id, string SourceId)> items, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<MemberRow>(new CommandDefinition(
            StoryMembers(SqlDialect.Of(connection).In("item_id", "@Ids")),
            new { Ids = items.Select(i => i.Id).ToArray() }, cancellationToken: cancellationToken));
        return Summaries(rows.AsList(), items);
    }

    /// <summary>
    /// One item's story from the next result of <paramref name="results"/>, a command that ran <see cref="StoryMembers"/>
    /// among other statements (the item page reads everything it shows in one command).
    /// </summary>
    internal static async Task<StorySummary> ReadStoryAsync(SqlMapper.GridReader results, long id, string sourceId) =>
        Summaries((await results.ReadAsync<MemberRow>()).AsList(), [(id, sourceId)])[id];

    /// <summary>
    /// The statement that reads every member of the stories of the <c>story_members</c> rows <paramref name="mine"/>
    /// picks, a story after another, its lead first then by date, as <see cref="Summaries"/> expects them.
    /// </summary>
    internal static string StoryMembers(string mine) =>
        $"""
        SELECT m.story_id AS StoryId, m.item_id AS ItemId, m.source_id AS SourceId, s.name AS SourceName, st.items AS Items, st.sources AS Sources
        FROM (SELECT DISTINCT story_id FROM story_members WHERE {mine}) mine
        CROSS JOIN stories st CROSS JOIN story_members m CROSS JOIN sources s
        WHERE st.id = mine.story_id AND m.story_id = mine.story_id AND s.id = m.source_id
        ORDER BY m.story_id, m.is_lead DESC, m.published_at, m.item_id
        """;

    private static IReadOnlyDictionary<long, StorySummary> Summaries(List<MemberRow> rows, IReadOnlyList<(long Id, string SourceId)> items)
    {
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
