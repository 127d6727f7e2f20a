using System.Data;
using Dapper;
using PolicyWatch.Classifying;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Storage;

/// <summary>An item with the tags classification gave it, ready to store.</summary>
public sealed record ClassifiedItem(NormalizedItem Item, Classification Tags);

/// <summary>Where items found by a history walk came from: the page or capture read, and the capture's time.</summary>
public sealed record HistoryArrival(string Address, DateTimeOffset? CapturedAt);

/// <summary>What storing one fetch's items did; <see cref="NewIds"/> are the items stored for the first time.</summary>
public sealed record UpsertCounts(int New, int Updated, IReadOnlyList<long> NewIds);

/// <summary>The items table and its tags: one row per (source, guid), updated in place.</summary>
public static partial class ItemStore
{
    /// <summary>Properties, not a constructor: Dapper reads an instant through its handler (<see cref="UtcTimestamp"/>) into a property.</summary>
    private sealed record Existing
    {
        public long Id { get; init; }
        public string ContentHash { get; init; } = "";
        public DateTimeOffset PublishedAt { get; init; }
        public string? Stage { get; init; }
        public string Kind { get; init; } = "";
        public string? Authors { get; init; }
    }

    /// <summary>
    /// Stores a fetch's items inside the caller's transaction. A new guid is inserted; a known
    /// one whose content changed is updated (first-seen kept, last-changed set); an unchanged one is left alone.
    /// </summary>
    internal static async Task<UpsertCounts> UpsertAsync(
        IDbTransaction transaction, string sourceId, IEnumerable<ClassifiedItem> items, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        var added = new List<long>();
        var updated = 0;
        foreach (var (item, tags) in items)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<Existing>(
                """
                SELECT id AS Id, content_hash AS ContentHash, published_at AS PublishedAt, stage AS Stage, kind AS Kind, authors AS Authors
                FROM items WHERE source_id = @SourceId AND guid = @Guid
                """,
                new { SourceId = sourceId, item.Guid }, transaction);
            if (existing is null)
            {
                var id = await InsertAsync(transaction, sourceId, item, tags, now);
                await WriteTagsAsync(transaction, id, item.PublishedAt ?? now, tags, isNew: true);
                await StoryStore.AssignAsync(transaction, StoryEntry.Of(id, sourceId, item, item.PublishedAt ?? now), now);
                added.Add(id);
            }
            // Authors are not in the content hash; a change of them (co-authors a feed adds, or that were lost before
            // migration 13) updates the item too.
            else if (existing.ContentHash != item.ContentHash || existing.Stage != item.Stage || existing.Kind != KindText(item)
                || existing.Authors != AuthorList.Encode(item.Authors))
            {
                var publishedAt = item.PublishedAt ?? existing.PublishedAt;
                await UpdateAsync(transaction, existing.Id, item, tags, publishedAt, now);
                await WriteTagsAsync(transaction, existing.Id, publishedAt, tags);
                updated++;
            }
        }
        return new UpsertCounts(added.Count, updated, added);
    }

    /// <summary>
    /// Stores items a history walk found: only those not stored yet (an item already known, from the
    /// live feed or an earlier page, is left exactly as it is: an old copy never overwrites a newer
    /// one). An undated item takes the date of the capture it came from, marked as not its own.
    /// </summary>
    /// <returns>How many were new.</returns>
    internal static async Task<int> AddFromHistoryAsync(
        IDbTransaction transaction, string sourceId, IEnumerable<ClassifiedItem> items, HistoryArrival arrival, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        var added = 0;
        foreach (var (item, tags) in items)
        {
            var known = await connection.ExecuteScalarAsync<long?>(
                "SELECT id FROM items WHERE source_id = @SourceId AND guid = @Guid", new { SourceId = sourceId, item.Guid }, transaction);
            if (known is not null) continue;
            var publishedAt = item.PublishedAt ?? arrival.CapturedAt ?? now;
            var id = await connection.ExecuteScalarAsync<long>(InsertSql,
                new DynamicParameters(Parameters(sourceId, item, tags, publishedAt, now))
                    .With("ArrivedVia", "history").With("ArrivedFrom", arrival.Address), transaction);
            await WriteTagsAsync(transaction, id, publishedAt, tags, isNew: true);
            await StoryStore.AssignAsync(transaction, StoryEntry.Of(id, sourceId, item, publishedAt), now);
            added++;
        }
        return added;
    }

    private static string KindText(NormalizedItem item) => item.Kind.ToString().ToLowerInvariant();

    // The tag tokens go in with the row, so its search entry is written once (WriteTagsAsync then finds them current).
    private static Task<long> InsertAsync(IDbTransaction transaction, string sourceId, NormalizedItem item, Classification tags, DateTimeOffset now) =>
        transaction.Connection!.ExecuteScalarAsync<long>(InsertSql,
            new DynamicParameters(Parameters(sourceId, item, tags, item.PublishedAt ?? now, now)).With("ArrivedVia", "crawl").With("ArrivedFrom", null),
            transaction);

    private const string InsertSql =
        """
        INSERT INTO items (source_id, guid, kind, title, url, canonical_url, author, authors, summary_html, summary_text,
                           content_text, published_at, published_raw, date_is_first_seen, updated_at,
                           first_seen_at, last_changed_at, content_hash, stage, dossier_id, category, reference, tag_tokens,
                           arrived_via, arrived_from, institution)
        VALUES (@SourceId, @Guid, @Kind, @Title, @Url, @CanonicalUrl, @Author, @Authors, pack(@SummaryHtml), pack(@SummaryText),
                pack(@ContentText), @PublishedAt, @PublishedRaw, @DateIsFirstSeen, @UpdatedAt,
                @Now, @Now, @ContentHash, @Stage, @DossierId, @Category, @Reference, @TagTokens,
                @ArrivedVia, @ArrivedFrom, @Institution)
        RETURNING id
        """;

    private static Task UpdateAsync(IDbTransaction transaction, long id, NormalizedItem item, Classification tags, DateTimeOffset publishedAt, DateTimeOffset now) =>
        transaction.Connection!.ExecuteAsync(
            """
            UPDATE items SET kind = @Kind, title = @Title, url = @Url, canonical_url = @CanonicalUrl, author = @Author, authors = @Authors,
                summary_html = pack(@SummaryHtml), summary_text = pack(@SummaryText), content_text = pack(@ContentText),
                published_at = @PublishedAt, published_raw = coalesce(@PublishedRaw, published_raw),
                date_is_first_seen = CASE WHEN @DateIsFirstSeen THEN date_is_first_seen ELSE FALSE END,
                updated_at = @UpdatedAt, last_changed_at = @Now, content_hash = @ContentHash,
                stage = @Stage, dossier_id = @DossierId, category = @Category, reference = @Reference, tag_tokens = @TagTokens,
                institution = @Institution
            WHERE id = @Id
            """,
            new DynamicParameters(Parameters("", item, tags, publishedAt, now)) { RemoveUnused = true }.With("Id", id), transaction);

    private static object Parameters(string sourceId, NormalizedItem item, Classification tags, DateTimeOffset publishedAt, DateTimeOffset now) => new
    {
        SourceId = sourceId, item.Guid, Kind = KindText(item), item.Title, item.Url, item.CanonicalUrl,
        Author = AuthorList.DisplayLine(item.Authors), Authors = AuthorList.Encode(item.Authors),
        item.SummaryHtml, item.SummaryText, item.ContentText, PublishedAt = publishedAt, item.PublishedRaw,
        DateIsFirstSeen = item.PublishedAt is null, item.UpdatedAt, Now = now, item.ContentHash, item.Stage, item.DossierId,
        item.Category, item.Reference, TagTokens = SearchTokens.ForTags(tags), item.Institution,
    };

    /// <summary>Replaces an item's tags and their reasons with <paramref name="tags"/>.</summary>
    /// <param name="isNew">The item was inserted in this transaction: it has no tags to delete (four statements saved per item).</param>
    internal static async Task WriteTagsAsync(IDbTransaction transaction, long itemId, DateTimeOffset publishedAt, Classification tags, bool isNew = false)
    {
        var connection = transaction.Connection!;
        if (!isNew)
            await connection.ExecuteAsync(
                """
                DELETE FROM item_jurisdictions WHERE item_id = @ItemId;
                DELETE FROM item_dossiers WHERE item_id = @ItemId;
                DELETE FROM item_topics WHERE item_id = @ItemId;
                DELETE FROM item_tag_reasons WHERE item_id = @ItemId;
                """, new { ItemId = itemId }, transaction);
        await connection.ExecuteAsync("INSERT INTO item_jurisdictions (jurisdiction, item_id, published_at) VALUES (@Tag, @ItemId, @At)",
            tags.Jurisdictions.Distinct().Select(t => new { Tag = t, ItemId = itemId, At = publishedAt }), transaction);
        // Official steps (legislative events, milestones) are marked, for the dossier's index of its steps; the item's
        // row, written first, says which it is.
        await connection.ExecuteAsync(
            """
            INSERT INTO item_dossiers (dossier_id, item_id, published_at, official)
            SELECT @Tag, @ItemId, @At, kind IN ('legislative', 'milestone') FROM items WHERE id = @ItemId
            """,
            tags.Dossiers.Distinct().Select(t => new { Tag = t, ItemId = itemId, At = publishedAt }), transaction);
        await connection.ExecuteAsync("INSERT INTO item_topics (topic_id, item_id, published_at) VALUES (@Tag, @ItemId, @At)",
            tags.Topics.Distinct().Select(t => new { Tag = t, ItemId = itemId, At = publishedAt }), transaction);
        await connection.ExecuteAsync("INSERT INTO item_tag_reasons (item_id, tag, phrase, field) VALUES (@ItemId, @Tag, @Phrase, @Field) ON CONFLICT DO NOTHING",
            tags.Why.Select(w => new { ItemId = itemId, w.Tag, w.Phrase, w.Field }), transaction);
        // Only a change of tags rewrites the item's search entry (the update trigger re-indexes its texts);
        // a new item was inserted with its tokens.
        if (isNew) return;
        await connection.ExecuteAsync("UPDATE items SET tag_tokens = @Tokens WHERE id = @ItemId AND tag_tokens IS DISTINCT FROM @Tokens",
            new { ItemId = itemId, Tokens = SearchTokens.ForTags(tags) }, transaction);
    }
}

internal static class DynamicParametersExtensions
{
    public static DynamicParameters With(this DynamicParameters parameters, string name, object? value)
    {
        parameters.Add(name, value);
        return parameters;
    }
}
