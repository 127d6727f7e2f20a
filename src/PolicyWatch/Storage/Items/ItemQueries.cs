using System.Data.Common;
using Dapper;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Storage;

/// <summary>An item as timelines and the API list it.</summary>
public sealed record TimelineItem
{
    public long Id { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? Url { get; init; }
    public required string SourceId { get; init; }
    public required string SourceName { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public bool DateIsFirstSeen { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public string? Stage { get; init; }

    /// <summary>Who wrote the item, in order; for a milestone, the institution that published the page it cites.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>The <c>authors</c> column as Dapper reads it, decoded into <see cref="Authors"/> (<see cref="AuthorList"/>).</summary>
    internal string? StoredAuthors { init => Authors = AuthorList.Decode(value); }

    /// <summary>The date as the source wrote it; for milestones "2023-12" means only the month is known.</summary>
    public string? PublishedRaw { get; init; }

    public bool IsMonthOnly => Kind == "milestone" && PublishedRaw is { Length: 7 };

    /// <summary>With a search: the matching passage, HTML-encoded, matches wrapped in &lt;mark&gt;.</summary>
    public string? Snippet { get; init; }

    public IReadOnlyList<string> Jurisdictions { get; init; } = [];
    public IReadOnlyList<string> Dossiers { get; init; } = [];
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>The story the item is in (itself alone when in none), with the other sources that carried it.</summary>
    public StorySummary? Story { get; init; }
}

/// <summary>
/// Read models for timelines, search and the items API. Every page is a keyset page driven from the
/// index that already holds the view in order, so a page costs about its own size, not the table's.
/// Timelines are the same SQL on both engines; a search is its engine's own (<see cref="ItemSearch"/>), paged here
/// the same way on both.
/// </summary>
public sealed partial class ItemQueries(Database database)
{
    /// <summary>Texts within their limits even in rows stored before them (<see cref="StoredText.AtMost"/>): a page lists 50 titles.</summary>
    internal static readonly string Columns =
        $"""
        i.id AS Id, i.kind AS Kind, {StoredText.AtMost("i.title", TextLimits.Title)} AS Title, i.url AS Url, i.source_id AS SourceId,
        s.name AS SourceName, i.published_at AS PublishedAt, i.date_is_first_seen AS DateIsFirstSeen, i.first_seen_at AS FirstSeenAt,
        {StoredText.AtMost("i.stage", TextLimits.Label)} AS Stage, i.published_raw AS PublishedRaw, {AuthorList.Column("i")} AS StoredAuthors
        """;

    /// <summary>
    /// How many of a search's newest matches are ranked by relevance; null for the engine's own: 20,000 on SQLite
    /// (<see cref="SqliteSearch.DefaultRankedMatches"/>), 2,000 on PostgreSQL, whose ranking reads each match's whole
    /// search vector (<see cref="Postgres.Search.PostgresSearch.DefaultRankedMatches"/>).
    /// </summary>
    public int? RankedMatches { get; init; }

    /// <summary>
    /// On SQLite, a search by date with at least this many matches walks the timeline and checks each item against
    /// the index (the next page is near); with fewer it sorts its matches (few rows to read). PostgreSQL's planner
    /// chooses between the two from the index's statistics.
    /// </summary>
    public int DateWalkMatches { get; init; } = 10_000;

    /// <summary>
    /// On PostgreSQL, how many of the newest items a ranking walks looking for its matches, as a multiple of
    /// <see cref="RankedMatches"/>, before it looks them up in the GIN index (<see cref="Postgres.Search.PostgresSearch"/>).
    /// </summary>
    internal int WalkFactor { get; init; } = 10;

    public async Task<IReadOnlyList<TimelineItem>> ListAsync(ItemFilter filter, int limit, CancellationToken cancellationToken = default) =>
        (await PageAsync(filter with { Order = ItemOrder.Date }, cursor: null, limit, cancellationToken)).Items;

    /// <summary>
    /// One page of a view continuing after <paramref name="cursor"/> (keyset: no OFFSET). Without a search,
    /// newest first. With <see cref="ItemFilter.Q"/>: by relevance (title weighs most, then summary, then archived
    /// text; ties newest first; among the newest <see cref="RankedMatches"/> matches) or by date, each hit with an
    /// HTML-safe snippet.
    /// </summary>
    /// <exception cref="InvalidCursorException">The cursor was not made by this method for this order.</exception>
    /// <exception cref="InvalidSearchException">The search text cannot be read.</exception>
    public Task<ItemPage> PageAsync(ItemFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default) =>
        PageAsync(filter, cursor, limit, withSnippets: true, cancellationToken);

    /// <inheritdoc cref="PageAsync(ItemFilter, string?, int, CancellationToken)"/>
    /// <param name="withSnippets">
    /// False where nobody reads the hits as a list of passages (exports, feeds): a snippet is the costly part of a search.
    /// </param>
    public async Task<ItemPage> PageAsync(ItemFilter filter, string? cursor, int limit, bool withSnippets, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (string.IsNullOrWhiteSpace(filter.Q))
            return await database.ReadAsync(connection => TimelinePageAsync(connection, filter, cursor, limit, cancellationToken), cancellationToken);
        var search = ItemSearch.For(database, filter, this);
        return await database.ReadAsync(async connection =>
        {
            await using (search)
            {
                await search.BeginAsync(connection, cancellationToken);
                return await SearchPageAsync(connection, filter, search, cursor, limit, withSnippets, cancellationToken);
            }
        }, cancellationToken);
    }

    private static async Task<ItemPage> TimelinePageAsync(DbConnection connection, ItemFilter filter, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var after = cursor is null ? null : DateCursor.Parse(cursor);
        var parameters = TimelineParameters(filter, after, limit + 1);
        var items = (await connection.QueryAsync<TimelineItem>(new CommandDefinition(
            TimelineSql(filter, after is not null), parameters, cancellationToken: cancellationToken))).AsList();
        var next = items.Count > limit ? DateCursor.Format(items[limit - 1]) : null;
        if (items.Count > limit) items.RemoveAt(limit);
        return new ItemPage(await WithTagsAsync(connection, items, cancellationToken), next);
    }

    /// <summary>
    /// A page of a search: its hits in order (stories' followers left out, <see cref="ShownAsync{T}"/>), one more to
    /// tell whether there is a next page, the cursor after the last one shown; then their columns, snippets and tags.
    /// </summary>
    private static async Task<ItemPage> SearchPageAsync(DbConnection connection, ItemFilter filter, ItemSearch search, string? cursor, int limit,
        bool withSnippets, CancellationToken cancellationToken)
    {
        List<TimelineItem> items;
        string? next;
        if (filter.Order == ItemOrder.Relevance)
        {
            var after = cursor is null ? null : RelevanceCursor.Parse(cursor);
            var newestId = after?.NewestId ?? await connection.ExecuteScalarAsync<long>(
                new CommandDefinition("SELECT coalesce(max(id), 0) FROM items", cancellationToken: cancellationToken));
            var hits = await ShownAsync(connection, filter, search, limit + 1,
                ask => search.RankedAsync(after, newestId, ask, cancellationToken), h => h.Id, cancellationToken);
            next = hits.Count > limit ? RelevanceCursor.Format(hits[limit - 1].Score, hits[limit - 1].Id, newestId) : null;
            items = await ByIdsAsync(connection, hits.Take(limit).Select(h => h.Id).ToArray(), cancellationToken);
        }
        else
        {
            var after = cursor is null ? null : DateCursor.Parse(cursor);
            items = await ShownAsync(connection, filter, search, limit + 1,
                ask => search.ByDateAsync(after, ask, cancellationToken), i => i.Id, cancellationToken);
            next = items.Count > limit ? DateCursor.Format(items[limit - 1]) : null;
            if (items.Count > limit) items.RemoveAt(limit);
        }
        if (withSnippets && items.Count > 0)
        {
            var snippets = await search.SnippetsAsync(items.Select(i => i.Id).ToArray(), cancellationToken);
            items = items.Select(i => i with { Snippet = snippets.GetValueOrDefault(i.Id) }).ToList();
        }
        return new ItemPage(await WithTagsAsync(connection, items, cancellationToken), next);
    }

    /// <summary>The items <paramref name="ids"/> as timelines list them, in that order (one gone since is left out).</summary>
    private static async Task<List<TimelineItem>> ByIdsAsync(DbConnection connection, long[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0) return [];
        var byId = (await connection.QueryAsync<TimelineItem>(new CommandDefinition(
            $"SELECT {Columns} FROM items i CROSS JOIN sources s WHERE s.id = i.source_id AND {SqlDialect.Of(connection).In("i.id", "@Ids")}",
            new { Ids = ids }, cancellationToken: cancellationToken))).ToDictionary(i => i.Id);
        return ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }

    /// <summary>The newest items of a view without their tags or snippets: for chart markers, where only the item itself is drawn.</summary>
    internal async Task<IReadOnlyList<TimelineItem>> NewestAsync(ItemFilter filter, int limit, CancellationToken cancellationToken)
    {
        var timeline = filter with { Q = null };
        return await database.ReadAsync(async connection => (await connection.QueryAsync<TimelineItem>(new CommandDefinition(
            TimelineSql(timeline, hasCursor: false), TimelineParameters(timeline, null, limit), cancellationToken: cancellationToken))).AsList(), cancellationToken);
    }

    /// <summary>The filter's parameters, where the page starts, and how many rows to read.</summary>
    private static DynamicParameters TimelineParameters(ItemFilter filter, DateCursor? after, int limit)
    {
        var parameters = ItemFilterSql.Parameters(filter);
        parameters.Add("AfterAt", after?.PublishedAt);
        parameters.Add("AfterId", after?.Id);
        parameters.Add("Limit", limit);
        return parameters;
    }

    private static async Task<List<TimelineItem>> WithTagsAsync(DbConnection connection, List<TimelineItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return items;
        var ids = items.Select(i => i.Id).ToArray();
        var tags = await ItemTags.LoadAsync(connection, ids, [ItemTags.Jurisdictions, ItemTags.Dossiers, ItemTags.Topics], cancellationToken);
        var (jurisdictions, dossiers, topics) = (tags[0], tags[1], tags[2]);
        return await WithStoriesAsync(connection, items.Select(i => i with
        {
            Jurisdictions = jurisdictions[i.Id].ToList(),
            Dossiers = dossiers[i.Id].ToList(),
            Topics = topics[i.Id].ToList(),
        }).ToList(), cancellationToken);
    }
}
