using PolicyWatch.Storage.Search;

namespace PolicyWatch.Storage;

/// <summary>
/// The SQL of each page, built from the filter. Timelines walk the index that holds the view in
/// date order (a tag table's primary key, or an items index) and stop after one page; the other
/// filters are checked per row by index lookups. Searches start from the FTS index.
/// </summary>
public sealed partial class ItemQueries
{
    /// <summary>
    /// bm25 (as <see cref="CachedBm25"/>, which keeps each phrase's document count for the @Match text) with weights
    /// for title, summary, archived text and filters: a word in the title says most about an item; filters say nothing.
    /// </summary>
    internal const string Bm25 = "pw_rank(items_fts, @Match, 10.0, 4.0, 1.0, 0.0)";

    /// <param name="alsoMatching">With a search: each row of the walk is checked against the FTS index (its words only: the walk has the filters).</param>
    internal static string TimelineSql(ItemFilter filter, bool hasCursor, bool alsoMatching = false)
    {
        var tags = ItemFilterSql.TagsIn(filter).ToList();
        // Official events are a small share of everything: a view of them walks items_by_kind and checks
        // its tags per event, where walking a jurisdiction's tag index would pass over its articles.
        var officialOnly = filter.Kind is Catalog.ItemKind.Milestone or Catalog.ItemKind.Legislative;
        var driver = officialOnly ? null : tags.FirstOrDefault();
        var checks = driver is null ? tags : tags.Skip(1);
        // CROSS JOIN keeps the tag table outermost, so its (tag, published_at, item_id) key gives the order.
        var (from, at, id) = driver is null
            ? ("items i", "i.published_at", "i.id")
            : ($"{driver.Table} t CROSS JOIN items i ON i.id = t.item_id", "t.published_at", "t.item_id");
        var where = new List<string>();
        if (driver is not null) where.Add($"t.{driver.Column} = {driver.Parameter}");
        if (filter.Source is not null) where.Add("i.source_id = @Source");
        if (filter.Kind is not null) where.Add("i.kind = @Kind");
        where.AddRange(DateConditions(filter, at, id, hasCursor));
        where.AddRange(checks.Select(tag => tag.Exists(id)));
        if (alsoMatching) where.Add($"EXISTS (SELECT 1 FROM items_fts WHERE items_fts MATCH @TextMatch AND rowid = {id})");
        where.AddRange(StoryConditions(filter, id));
        return $"""
            SELECT {Columns} FROM {from} CROSS JOIN sources s ON s.id = i.source_id
            WHERE {string.Join(" AND ", where.DefaultIfEmpty("1 = 1"))}
            ORDER BY {at} DESC, {id} DESC LIMIT @Limit
            """;
    }

    /// <summary>
    /// A search by date, starting from the matches: every match is looked up and sorted, so this is for
    /// searches with few matches; one with many walks the timeline instead (<see cref="TimelineSql"/>).
    /// The filters other than dates are inside @Match or checked per match (<see cref="SearchPlan"/>).
    /// </summary>
    internal static string SearchByDateSql(ItemFilter filter, bool hasCursor, bool jurisdictionPerMatch = false)
    {
        var where = new List<string> { "items_fts MATCH @Match" };
        where.AddRange(DateConditions(filter, "i.published_at", "i.id", hasCursor));
        where.AddRange(PerMatchConditions(jurisdictionPerMatch, "i.id"));
        return $"""
            SELECT {Columns} FROM items_fts f CROSS JOIN items i ON i.id = f.rowid CROSS JOIN sources s ON s.id = i.source_id
            WHERE {string.Join(" AND ", where)}
            ORDER BY i.published_at DESC, i.id DESC LIMIT @Limit
            """;
    }

    /// <summary>
    /// Ranked hits as (id, score), best first. FTS5 has no top-k ranking: bm25 costs a little for every
    /// match, so a very common word would rank hundreds of thousands of rows. The ranking therefore
    /// takes the newest <see cref="RankedMatches"/> matches of the filter (FTS5 walks them in rowid
    /// order, newest stored first) and orders those by bm25; below that many matches it is exact.
    /// Ties go to the newest stored item (higher id). The filters other than dates are inside @Match or
    /// checked per match from a tag index (<see cref="SearchPlan"/>), so no items row is read unless a date range needs one.
    /// </summary>
    internal static string SearchByRelevanceSql(ItemFilter filter, bool hasCursor, bool jurisdictionPerMatch = false)
    {
        var needsItemRow = filter.From is not null || filter.To is not null;
        // Items stored after the search began stay out of its ranking (see RelevanceCursor).
        var where = new List<string> { "items_fts MATCH @Match", "f.rowid <= @NewestId" };
        where.AddRange(DateConditions(filter, "i.published_at", "f.rowid", hasCursor: false));
        where.AddRange(PerMatchConditions(jurisdictionPerMatch, "f.rowid"));
        var matches = $"""
            SELECT f.rowid AS id, {Bm25} AS score
            FROM items_fts f {(needsItemRow ? "CROSS JOIN items i ON i.id = f.rowid" : "")}
            WHERE {string.Join(" AND ", where)}
            ORDER BY f.rowid DESC LIMIT @RankedMatches
            """;
        if (!hasCursor) return $"SELECT h.id, h.score FROM ({matches}) h ORDER BY h.score, h.id DESC LIMIT @Limit";
        // A next page continues after the last hit as it ranks now, not after its old score: scores drift as
        // items arrive (bm25 uses the index's statistics), the order barely does. Its score now is read from
        // the ranked matches, kept for the query (MATERIALIZED) so bm25 runs once per match.
        return $"""
            WITH h AS MATERIALIZED ({matches}),
                 boundary AS (SELECT coalesce((SELECT score FROM h WHERE id = @AfterId), @AfterScore) AS score)
            SELECT h.id, h.score FROM h, boundary b
            WHERE h.score > b.score OR (h.score = b.score AND h.id < @AfterId)
            ORDER BY h.score, h.id DESC LIMIT @Limit
            """;
    }

    /// <summary>A broad jurisdiction is checked per match (<see cref="SearchPlan"/>); the other filters are in @Match.</summary>
    private static IEnumerable<string> PerMatchConditions(bool jurisdictionPerMatch, string id) =>
        jurisdictionPerMatch
            ? [ItemFilterSql.Jurisdictions.Exists(id)]
            : [];

    /// <summary>
    /// With <see cref="ItemFilter.CollapseStories"/>, for a view without a search: the item is not a story's follower
    /// whose lead, or an earlier follower, is in the view too. Most items are in no story or lead theirs, and pass on
    /// one probe of story_members' primary key; a follower is checked against its story's few other members, each
    /// against the view's filters (<see cref="MemberMatches"/>). So each story shows once, by the first of its members
    /// the view holds, on whichever page that member falls. A search checks the rows it returns afterwards instead
    /// (<see cref="ShownAsync{T}"/>): whether a member matches the words is one FTS query for them all there, where a
    /// condition here would evaluate the search once per member (and a prefix search builds its whole list of matches
    /// each time).
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

    private static IEnumerable<string> DateConditions(ItemFilter filter, string at, string id, bool hasCursor)
    {
        if (filter.From is not null) yield return $"{at} >= @From";
        if (filter.To is not null) yield return $"{at} < @To";
        if (hasCursor) yield return $"({at}, {id}) < (@AfterAt, @AfterId)";
    }
}
