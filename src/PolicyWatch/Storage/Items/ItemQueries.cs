using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
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
/// </summary>
public sealed partial class ItemQueries(Database database)
{
    /// <summary>Texts within their limits even in rows stored before them (<see cref="StoredText.AtMost"/>): a page lists 50 titles.</summary>
    private static readonly string Columns =
        $"""
        i.id AS Id, i.kind AS Kind, {StoredText.AtMost("i.title", TextLimits.Title)} AS Title, i.url AS Url, i.source_id AS SourceId,
        s.name AS SourceName, i.published_at AS PublishedAt, i.date_is_first_seen AS DateIsFirstSeen, i.first_seen_at AS FirstSeenAt,
        {StoredText.AtMost("i.stage", TextLimits.Label)} AS Stage, i.published_raw AS PublishedRaw, {AuthorList.Column("i")} AS StoredAuthors
        """;

    /// <summary>How many of a search's newest matches are ranked by relevance (see <see cref="SearchByRelevanceSql"/>).</summary>
    public int RankedMatches { get; init; } = 20_000;

    /// <summary>
    /// A search by date with at least this many matches walks the timeline and checks each item against
    /// the index (the next page is near); with fewer it sorts its matches (few rows to read).
    /// </summary>
    public int DateWalkMatches { get; init; } = 10_000;

    public async Task<IReadOnlyList<TimelineItem>> ListAsync(ItemFilter filter, int limit, CancellationToken cancellationToken = default) =>
        (await PageAsync(filter with { Order = ItemOrder.Date }, cursor: null, limit, cancellationToken)).Items;

    /// <summary>
    /// One page of a view continuing after <paramref name="cursor"/> (keyset: no OFFSET). Without a search,
    /// newest first. With <see cref="ItemFilter.Q"/>: by relevance (bm25; title weighs most, then summary,
    /// then archived text; ties newest first; among the newest <see cref="RankedMatches"/> matches) or by date,
    /// each hit with an HTML-safe snippet.
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
        var translated = string.IsNullOrWhiteSpace(filter.Q) ? null : SearchExpression.Translate(filter.Q);
        return await database.ReadAsync(connection => PageAsync(connection, filter, translated, cursor, limit, withSnippets, cancellationToken), cancellationToken);
    }

    private async Task<ItemPage> PageAsync(DbConnection connection, ItemFilter filter, string? translated, string? cursor, int limit,
        bool withSnippets, CancellationToken cancellationToken)
    {
        var search = translated is null ? null : await SearchPlan.ForAsync(connection, filter, translated, cancellationToken);
        var parameters = Parameters(filter, search?.Match, limit);
        parameters.Add("TextMatch", search?.TextMatch);
        if (search is not null && filter.Order == ItemOrder.Relevance)
            return await RelevancePageAsync(connection, filter, search, cursor, parameters, limit, withSnippets, cancellationToken);

        var after = cursor is null ? null : DateCursor.Parse(cursor);
        parameters.Add("AfterAt", after is null ? null : UtcTimestamp.ToText(after.PublishedAt));
        parameters.Add("AfterId", after?.Id);
        var sql = search is null ? TimelineSql(filter, after is not null)
            : !HasPrefix(search.Match) && await HasManyMatchesAsync(connection, search.Match, cancellationToken) ? TimelineSql(filter, after is not null, alsoMatching: true)
            : SearchByDateSql(filter, after is not null, search.JurisdictionPerMatch);
        var items = await ShownAsync(connection, filter, search, limit + 1, async ask =>
        {
            parameters.Add("Limit", ask);
            return (await connection.QueryAsync<TimelineItem>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
        }, i => i.Id, cancellationToken);
        var next = items.Count > limit ? DateCursor.Format(items[limit - 1]) : null;
        if (items.Count > limit) items.RemoveAt(limit);
        if (search is not null && withSnippets) items = await WithSnippetsAsync(connection, items, search.TextMatch, cancellationToken);
        return new ItemPage(await WithTagsAsync(connection, items, cancellationToken), next);
    }

    /// <summary>The newest items of a view without their tags or snippets: for chart markers, where only the item itself is drawn.</summary>
    internal async Task<IReadOnlyList<TimelineItem>> NewestAsync(ItemFilter filter, int limit, CancellationToken cancellationToken)
    {
        var parameters = Parameters(filter with { Q = null }, null, limit - 1);
        parameters.Add("AfterAt", null);
        parameters.Add("AfterId", null);
        return await database.ReadAsync(async connection => (await connection.QueryAsync<TimelineItem>(new CommandDefinition(
            TimelineSql(filter with { Q = null }, hasCursor: false), parameters, cancellationToken: cancellationToken))).AsList(), cancellationToken);
    }

    /// <summary>The filter's parameters, the FTS expression, and one row more than the page to tell whether there is a next.</summary>
    private static DynamicParameters Parameters(ItemFilter filter, string? match, int limit)
    {
        var parameters = ItemFilterSql.Parameters(filter);
        parameters.Add("Match", match);
        parameters.Add("Limit", limit + 1);
        return parameters;
    }

    private async Task<ItemPage> RelevancePageAsync(DbConnection connection, ItemFilter filter, SearchPlan search, string? cursor,
        DynamicParameters parameters, int limit, bool withSnippets, CancellationToken cancellationToken)
    {
        var after = cursor is null ? null : RelevanceCursor.Parse(cursor);
        var newestId = after?.NewestId ?? await connection.ExecuteScalarAsync<long>(
            new CommandDefinition("SELECT coalesce(max(id), 0) FROM items", cancellationToken: cancellationToken));
        parameters.Add("AfterScore", after?.Score);
        parameters.Add("RankedMatches", RankedMatches);
        parameters.Add("AfterId", after?.Id);
        parameters.Add("NewestId", newestId);
        var sql = SearchByRelevanceSql(filter, after is not null, search.JurisdictionPerMatch);
        var hits = await ShownAsync(connection, filter, search, limit + 1, async ask =>
        {
            parameters.Add("Limit", ask);
            return (await connection.QueryAsync<(long Id, double Score)>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
        }, h => h.Id, cancellationToken);
        var next = hits.Count > limit ? RelevanceCursor.Format(hits[limit - 1].Score, hits[limit - 1].Id, newestId) : null;
        if (hits.Count > limit) hits.RemoveAt(limit);
        if (hits.Count == 0) return new ItemPage([], null);

        var byId = (await connection.QueryAsync<TimelineItem>(new CommandDefinition(
            $"SELECT {Columns} FROM items i CROSS JOIN sources s ON s.id = i.source_id WHERE i.id IN @Ids",
            new { Ids = hits.Select(h => h.Id).ToArray() }, cancellationToken: cancellationToken))).ToDictionary(i => i.Id);
        var items = hits.Where(h => byId.ContainsKey(h.Id)).Select(h => byId[h.Id]).ToList();
        if (withSnippets) items = await WithSnippetsAsync(connection, items, search.TextMatch, cancellationToken);
        return new ItemPage(await WithTagsAsync(connection, items, cancellationToken), next);
    }

    /// <summary>
    /// A prefix term makes FTS5 build its whole list of matches on every evaluation, so an expression
    /// with one is evaluated once per query, never once per row.
    /// </summary>
    private static bool HasPrefix(string match) => match.Contains("\"*", StringComparison.Ordinal);

    private async Task<bool> HasManyMatchesAsync(DbConnection connection, string match, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH @Match LIMIT @Enough)",
            new { Match = match, Enough = DateWalkMatches }, cancellationToken: cancellationToken)) >= DateWalkMatches;

    private static async Task<List<TimelineItem>> WithSnippetsAsync(
        DbConnection connection, List<TimelineItem> items, string match, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return items;
        // Snippets are made for the page only: a snippet is the costly part of a search (pw_snippet bounds each
        // one; FTS5's own snippet() grows with the square of a row's matches). FTS5 evaluates the
        // expression afresh for each rowid it is handed, and a prefix builds its whole list of matches each
        // time; so with a prefix the matches are read once over the page's rowid range and filtered (+rowid).
        var ids = items.Select(i => i.Id).ToArray();
        var rows = HasPrefix(match) ? "rowid BETWEEN @Min AND @Max AND +rowid IN @Ids" : "rowid IN @Ids";
        var snippets = (await connection.QueryAsync<(long Id, string? Raw)>(new CommandDefinition(
            $"""
            SELECT rowid, {BoundedSnippet.Name}(items_fts, char({(int)SearchSnippet.Open}), char({(int)SearchSnippet.Close}), '…', 24)
            FROM items_fts WHERE items_fts MATCH @Match AND {rows}
            """,
            new { Match = match, Ids = ids, Min = ids.Min(), Max = ids.Max() }, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.Id, s => SearchSnippet.ToHtml(s.Raw));
        return items.Select(i => i with { Snippet = snippets.GetValueOrDefault(i.Id) }).ToList();
    }

    private static async Task<List<TimelineItem>> WithTagsAsync(DbConnection connection, List<TimelineItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return items;
        var ids = items.Select(i => i.Id).ToArray();
        var jurisdictions = await ItemTags.LoadAsync(connection, ids, ItemTags.Jurisdictions, cancellationToken);
        var dossiers = await ItemTags.LoadAsync(connection, ids, ItemTags.Dossiers, cancellationToken);
        var topics = await ItemTags.LoadAsync(connection, ids, ItemTags.Topics, cancellationToken);
        return await WithStoriesAsync(connection, items.Select(i => i with
        {
            Jurisdictions = jurisdictions[i.Id].ToList(),
            Dossiers = dossiers[i.Id].ToList(),
            Topics = topics[i.Id].ToList(),
        }).ToList(), cancellationToken);
    }
}
