using PolicyWatch.Storage.Search;

namespace PolicyWatch.Storage;

/// <summary>
/// The SQL of a timeline page, built from the filter, the same on both engines. Timelines walk the index that holds
/// the view in date order (a tag table's primary key, or an items index) and stop after one page; the other filters
/// are checked per row by index lookups. Searches are each engine's own (<see cref="ItemSearch"/>).
/// </summary>
/// <remarks>
/// Joins are written <c>a CROSS JOIN b</c> with their conditions in WHERE: SQLite then keeps <c>a</c> the outer loop
/// (its planner never reorders a CROSS JOIN), and PostgreSQL, which has no <c>CROSS JOIN … ON</c>, reads it as an
/// inner join and plans the order itself.
/// </remarks>
public sealed partial class ItemQueries
{
    /// <param name="alsoMatching">
    /// With a search that walks the timeline: the condition that the row (its id given) matches the search's words, as
    /// the engine checks it (the walk has the filters).
    /// </param>
    internal static string TimelineSql(ItemFilter filter, bool hasCursor, Func<string, string>? alsoMatching = null)
    {
        var tags = ItemFilterSql.TagsIn(filter).ToList();
        // Official events are a small share of everything: a view of them walks items_by_kind and checks
        // its tags per event, where walking a jurisdiction's tag index would pass over its articles.
        var officialOnly = filter.Kind is Catalog.ItemKind.Milestone or Catalog.ItemKind.Legislative;
        var driver = officialOnly ? null : tags.FirstOrDefault();
        var checks = driver is null ? tags : tags.Skip(1);
        // CROSS JOIN keeps the tag table outermost on SQLite, so its (tag, published_at, item_id) key gives the order.
        var (from, at, id) = driver is null
            ? ("items i", "i.published_at", "i.id")
            : ($"{driver.Table} t CROSS JOIN items i", "t.published_at", "t.item_id");
        var where = new List<string> { "s.id = i.source_id" };
        if (driver is not null) where.AddRange([$"t.{driver.Column} = {driver.Parameter}", "i.id = t.item_id"]);
        if (filter.Source is not null) where.Add("i.source_id = @Source");
        if (filter.Kind is not null) where.Add("i.kind = @Kind");
        where.AddRange(DateConditions(filter, at, id, hasCursor));
        where.AddRange(checks.Select(tag => tag.Exists(id)));
        if (alsoMatching is not null) where.Add(alsoMatching(id));
        where.AddRange(StoryConditions(filter, id));
        return $"""
            SELECT {Columns} FROM {from} CROSS JOIN sources s
            WHERE {string.Join(" AND ", where)}
            ORDER BY {at} DESC, {id} DESC LIMIT @Limit
            """;
    }

    /// <summary>
    /// With <see cref="ItemFilter.CollapseStories"/>, for a view without a search: the item is not a story's follower
    /// whose lead, or an earlier follower, is in the view too. Most items are in no story or lead theirs, and pass on
    /// one probe of story_members' primary key; a follower is checked against its story's few other members, each
    /// against the view's filters (<see cref="MemberMatches"/>). So each story shows once, by the first of its members
    /// the view holds, on whichever page that member falls. A search checks the rows it returns afterwards instead
    /// (<see cref="ShownAsync{T}"/>): whether a member matches the words is one query of the search's engine for them
    /// all there, where a condition here would evaluate the search once per member (and an FTS5 prefix search builds its
    /// whole list of matches each time).
    /// </summary>
    private static IEnumerable<string> StoryConditions(ItemFilter filter, string id)
    {
        if (!filter.CollapseStories || !string.IsNullOrWhiteSpace(filter.Q)) yield break;
        yield return $"""
            NOT EXISTS (SELECT 1 FROM story_members sm WHERE sm.item_id = {id} AND NOT sm.is_lead AND EXISTS (
                SELECT 1 FROM story_members p WHERE p.story_id = sm.story_id AND p.item_id <> sm.item_id
                AND (p.is_lead OR p.published_at < sm.published_at OR (p.published_at = sm.published_at AND p.item_id < sm.item_id))
                {string.Concat(MemberMatches(filter).Select(c => " AND " + c))}))
            """;
    }

    /// <summary>The view's filters but its words, asked of the story member p (story_members holds its source, kind and date).</summary>
    private static IEnumerable<string> MemberMatches(ItemFilter filter)
    {
        if (filter.Source is not null) yield return "p.source_id = @Source";
        if (filter.Kind is not null) yield return "p.kind = @Kind";
        if (filter.From is not null) yield return "p.published_at >= @From";
        if (filter.To is not null) yield return "p.published_at < @To";
        foreach (var tag in ItemFilterSql.TagsIn(filter)) yield return tag.Exists("p.item_id");
    }

    internal static IEnumerable<string> DateConditions(ItemFilter filter, string at, string id, bool hasCursor)
    {
        if (filter.From is not null) yield return $"{at} >= @From";
        if (filter.To is not null) yield return $"{at} < @To";
        if (hasCursor) yield return $"({at}, {id}) < (@AfterAt, @AfterId)";
    }
}
