using Dapper;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Storage;

/// <summary>What a feed entry needs beyond <see cref="TimelineItem"/>: summary, update times.</summary>
public sealed record FeedItemDetails
{
    public long Id { get; init; }
    public string? SummaryHtml { get; init; }
    public string? SummaryText { get; init; }
    public string? CanonicalUrl { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public DateTimeOffset LastChangedAt { get; init; }
}

/// <summary>
/// What a conditional GET compares, read from indexes only (no item rows): the newest change to
/// any item, the newest item id, and the newest publication date in the filter.
/// </summary>
public sealed record FeedVersion(DateTimeOffset? LastChangedAt, long LastItemId, string? NewestInFilter);

/// <summary>Read models for published feeds, alongside <see cref="ItemQueries"/> which picks the entries.</summary>
public sealed class FeedQueries(Database database)
{
    public async Task<IReadOnlyDictionary<long, FeedItemDetails>> DetailsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0) return new Dictionary<long, FeedItemDetails>();
        var rows = await database.ReadAsync(connection => connection.QueryAsync<FeedItemDetails>(new CommandDefinition(
            $"""
            SELECT id AS Id, {StoredText.UnpackedAtMost("summary_html", TextLimits.Summary)} AS SummaryHtml,
                   {StoredText.UnpackedAtMost("summary_text", TextLimits.Summary)} AS SummaryText,
                   canonical_url AS CanonicalUrl, updated_at AS UpdatedAt, last_changed_at AS LastChangedAt
            FROM items WHERE {SqlDialect.Of(connection).In("id", "@Ids")}
            """, new { Ids = ids.ToArray() }, cancellationToken: cancellationToken)), cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r with
        {
            SummaryHtml = StoredText.HtmlWithin(r.SummaryHtml, TextLimits.Summary),
            SummaryText = StoredText.Within(r.SummaryText, TextLimits.Summary),
        });
    }

    /// <summary>
    /// Deliberately coarse: any change to any item makes every feed's validator change. That can
    /// only cost a 200 where a 304 would have done, never a stale 304, and it stays O(log n) on a
    /// million items where counting a jurisdiction's items would not. The filter's newest date
    /// (from the tag tables' own indexes) also catches a retag that moves items into a view.
    /// </summary>
    public async Task<FeedVersion> VersionAsync(ItemFilter filter, CancellationToken cancellationToken = default)
    {
        var (lastChanged, lastId, newestInFilter) = await database.ReadAsync(connection => connection.QuerySingleAsync<(DateTimeOffset?, long?, DateTimeOffset?)>(new CommandDefinition(
            $"SELECT (SELECT max(last_changed_at) FROM items), (SELECT max(id) FROM items), ({NewestSql(filter)})",
            ItemFilterSql.Parameters(filter), cancellationToken: cancellationToken)), cancellationToken);
        return new FeedVersion(lastChanged, lastId ?? 0, newestInFilter is { } newest ? UtcTimestamp.ToText(newest) : null);
    }

    /// <summary>
    /// The newest publication date of the filter's first dimension alone (jurisdiction, dossier, topic,
    /// then source), read from that dimension's own index; kind and dates do not narrow it.
    /// </summary>
    private static string NewestSql(ItemFilter filter)
    {
        var tag = filter switch
        {
            { Jurisdiction: not null } => ItemFilterSql.Jurisdictions,
            { Dossier: not null } => ItemFilterSql.Dossiers,
            { Topic: not null } => ItemFilterSql.Topics,
            _ => null,
        };
        return tag is not null ? $"SELECT max(published_at) FROM {tag.Table} WHERE {tag.Column} = {tag.Parameter}"
            : filter.Source is not null ? "SELECT max(published_at) FROM items WHERE source_id = @Source"
            : "SELECT max(published_at) FROM items";
    }
}
