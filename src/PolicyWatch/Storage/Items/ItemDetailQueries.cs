using System.Data.Common;
using Dapper;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Storage;

/// <summary>Why a tag is on an item: the rule's id, the phrase that matched and the field it matched in.</summary>
public sealed record StoredTagReason(long ItemId, string Tag, string Phrase, string Field);

/// <summary>Another item of the same story: in its story (<see cref="StoryStore"/>), or with the same canonical URL or content.</summary>
/// <remarks>Properties, not a constructor, as the other read models: Dapper matches a constructor by column types, and the title is an expression without one.</remarks>
public sealed record SameStory
{
    public long Id { get; init; }
    public required string Title { get; init; }
    public string? Url { get; init; }
    public required string SourceName { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
}

/// <summary>Everything the item page shows about one item.</summary>
public sealed record ItemDetail
{
    public long Id { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? Url { get; init; }
    public string? CanonicalUrl { get; init; }

    /// <summary>Who wrote the item, in order; for a milestone, the institution that published the page it cites.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>The <c>authors</c> column as Dapper reads it, decoded into <see cref="Authors"/> (<see cref="AuthorList"/>).</summary>
    internal string? StoredAuthors { init => Authors = AuthorList.Decode(value); }

    public required string SourceId { get; init; }
    public required string SourceName { get; init; }
    public string? SummaryText { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public bool DateIsFirstSeen { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public DateTimeOffset LastChangedAt { get; init; }
    public string? Stage { get; init; }
    public string ContentHash { get; init; } = "";

    /// <summary>The extracted text of the item's page as captured, when the source archives pages.</summary>
    public string? ArchivedText { get; init; }
    public DateTimeOffset? ArchivedAt { get; init; }
    public string? ArchivedHash { get; init; }

    /// <summary>Why the page has no archived copy (its last archiving attempt failed or was refused), when it has none.</summary>
    public string? ArchiveError { get; init; }

    /// <summary>The copy of the item's page at the Internet Archive, when one is known, and when it was captured.</summary>
    public string? CopyUrl { get; init; }
    public DateTimeOffset? CopyCapturedAt { get; init; }

    /// <summary>False when the item has no http(s) link, so no copy is ever looked up.</summary>
    public bool CopyTracked { get; init; }

    /// <summary>When the archive was last asked for a copy, and what went wrong or why a copy was passed over.</summary>
    public DateTimeOffset? CopyLookedUpAt { get; init; }
    public string? CopyNote { get; init; }

    /// <summary>Where the page stands in the queue of captures to ask for (sources with "archive": true): queued, submitted, saved, skipped, failed.</summary>
    public string? SaveStatus { get; init; }
    public string? SaveError { get; init; }

    /// <summary>"crawl" (the live feed) or "history" (a history walk), and for history the page or archive capture it came from.</summary>
    public string ArrivedVia { get; init; } = "crawl";
    public string? ArrivedFrom { get; init; }

    public IReadOnlyList<string> Jurisdictions { get; init; } = [];
    public IReadOnlyList<string> Dossiers { get; init; } = [];
    public IReadOnlyList<string> Topics { get; init; } = [];
    public IReadOnlyList<StoredTagReason> Why { get; init; } = [];
    public IReadOnlyList<SameStory> SameStory { get; init; } = [];

    /// <summary>The item's story: its id, how many items and sources it has (the item alone when in none).</summary>
    public StorySummary? Story { get; init; }
}

/// <summary>The fields citations need beyond what a timeline lists.</summary>
public sealed record CitationFields
{
    public long Id { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? SummaryText { get; init; }

    /// <summary>The archived copy at the Internet Archive, when one is known.</summary>
    public string? CopyUrl { get; init; }
    public DateTimeOffset? CopyCapturedAt { get; init; }
}

/// <summary>Read models for the item page, the API's "why" and the exports' citation fields.</summary>
public sealed class ItemDetailQueries(Database database)
{
    /// <summary>Texts within their limits even in rows stored before them (<see cref="StoredText.AtMost"/>).</summary>
    private static readonly string Columns =
        $"""
        i.id AS Id, i.kind AS Kind, {Title("i")} AS Title, i.url AS Url, i.canonical_url AS CanonicalUrl,
        {AuthorList.Column("i")} AS StoredAuthors, i.source_id AS SourceId, s.name AS SourceName,
        {StoredText.UnpackedAtMost("i.summary_text", TextLimits.Summary)} AS SummaryText, i.published_at AS PublishedAt,
        i.date_is_first_seen AS DateIsFirstSeen, i.first_seen_at AS FirstSeenAt, i.last_changed_at AS LastChangedAt,
        {StoredText.AtMost("i.stage", TextLimits.Label)} AS Stage, i.content_hash AS ContentHash,
        {StoredText.UnpackedAtMost("i.archived_text", TextLimits.Text)} AS ArchivedText, i.archived_at AS ArchivedAt, i.archived_hash AS ArchivedHash,
        i.archive_error AS ArchiveError, i.arrived_via AS ArrivedVia, i.arrived_from AS ArrivedFrom,
        c.copy_url AS CopyUrl, c.captured_at AS CopyCapturedAt, c.item_id IS NOT NULL AS CopyTracked, c.looked_up_at AS CopyLookedUpAt,
        c.last_error AS CopyNote, sv.status AS SaveStatus, sv.last_error AS SaveError
        """;

    private static string Title(string alias) => StoredText.AtMost($"{alias}.title", TextLimits.Title);

    /// <summary>One item with its tags, their reasons and the other sources of the same story; null when the id is unknown.</summary>
    public Task<ItemDetail?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => FindAsync(connection, id, cancellationToken), cancellationToken);

    /// <summary>The tag tables the item page lists, in order; before <see cref="Find"/>, which static initialisation builds from it.</summary>
    private static readonly ItemTags.Table[] TagTables = [ItemTags.Jurisdictions, ItemTags.Dossiers, ItemTags.Topics];

    /// <summary>
    /// Everything the item page shows, as one command of several statements, a result each: on PostgreSQL one round
    /// trip rather than one a statement. Each statement finds the item by its id, so none waits for the row's values:
    /// the same-story list reads the item's canonical URL and content hash in subqueries.
    /// </summary>
    private static readonly string Find =
        $"""
        SELECT {Columns} FROM items i JOIN sources s ON s.id = i.source_id
        LEFT JOIN archived_copies c ON c.item_id = i.id LEFT JOIN archive_saves sv ON sv.item_id = i.id
        WHERE i.id = @Id;
        {ItemTags.Sql("item_id = @Id", TagTables)};
        {WhySql("item_id = @Id")};
        SELECT i.id AS Id, {Title("i")} AS Title, i.url AS Url, s.name AS SourceName, i.published_at AS PublishedAt
        FROM items i JOIN sources s ON s.id = i.source_id
        WHERE i.id != @Id AND i.id IN (
            SELECT m.item_id FROM story_members m WHERE m.story_id = (SELECT story_id FROM story_members WHERE item_id = @Id)
            UNION SELECT id FROM items WHERE canonical_url = (SELECT canonical_url FROM items WHERE id = @Id)
            UNION SELECT id FROM items WHERE content_hash = (SELECT content_hash FROM items WHERE id = @Id))
        ORDER BY i.published_at, i.id LIMIT 50;
        {ItemQueries.StoryMembers("item_id = @Id")}
        """;

    private static async Task<ItemDetail?> FindAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Find, new { Id = id }, cancellationToken: cancellationToken));
        // Read in the order the statements run.
        var item = await results.ReadSingleOrDefaultAsync<ItemDetail>();
        if (item is null) return null;
        var tags = await ItemTags.ReadAsync(results, TagTables);
        var (jurisdictions, dossiers, topics) = (tags[0][id].ToList(), tags[1][id].ToList(), tags[2][id].ToList());
        var why = (await results.ReadAsync<StoredTagReason>()).AsList();
        var sameStory = (await results.ReadAsync<SameStory>()).AsList();
        var story = await ItemQueries.ReadStoryAsync(results, id, item.SourceId);
        return item with
        {
            SummaryText = StoredText.Within(item.SummaryText, TextLimits.Summary),
            ArchivedText = StoredText.Within(item.ArchivedText, TextLimits.Text),
            Jurisdictions = jurisdictions, Dossiers = dossiers, Topics = topics, Why = why, SameStory = sameStory, Story = story,
        };
    }

    /// <summary>The tag reasons of many items in one query, e.g. a page of the API.</summary>
    public async Task<ILookup<long, StoredTagReason>> WhyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0) return Array.Empty<StoredTagReason>().ToLookup(r => r.ItemId);
        return await database.ReadAsync(connection => WhyAsync(connection, ids, cancellationToken), cancellationToken);
    }

    /// <summary>Canonical URL, summary and archived copy of many items in one query, for exports.</summary>
    public async Task<IReadOnlyDictionary<long, CitationFields>> CitationFieldsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0) return new Dictionary<long, CitationFields>();
        var rows = await database.ReadAsync(connection => connection.QueryAsync<CitationFields>(new CommandDefinition(
            $"""
            SELECT i.id AS Id, i.canonical_url AS CanonicalUrl,
                   {StoredText.UnpackedAtMost("i.summary_text", TextLimits.Summary)} AS SummaryText,
                   c.copy_url AS CopyUrl, c.captured_at AS CopyCapturedAt
            FROM items i LEFT JOIN archived_copies c ON c.item_id = i.id WHERE {SqlDialect.Of(connection).In("i.id", "@Ids")}
            """,
            new { Ids = ids.ToArray() }, cancellationToken: cancellationToken)), cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r with { SummaryText = StoredText.Within(r.SummaryText, TextLimits.Summary) });
    }

    private static async Task<ILookup<long, StoredTagReason>> WhyAsync(
        DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<StoredTagReason>(new CommandDefinition(
            WhySql(SqlDialect.Of(connection).In("item_id", "@Ids")), new { Ids = ids.ToArray() }, cancellationToken: cancellationToken))).ToLookup(r => r.ItemId);

    /// <summary>The tag reasons of the items <paramref name="items"/> picks from item_tag_reasons, in the order the page lists them.</summary>
    private static string WhySql(string items) =>
        $"SELECT item_id AS ItemId, tag AS Tag, phrase AS Phrase, field AS Field FROM item_tag_reasons WHERE {items} ORDER BY tag, field, phrase";
}
