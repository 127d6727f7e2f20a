using Dapper;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Storage;

/// <summary>
/// The curated milestones of feeds.json, kept as items of kind <c>milestone</c> under a
/// pseudo-source, so dossier timelines are meaningful before any crawl.
/// </summary>
public sealed class MilestoneStore(Database database)
{
    /// <summary>The pseudo-source milestones are stored under; never fetched, not listed on /sources.</summary>
    public const string SourceId = "feeds-json-milestones";

    /// <summary>
    /// Makes the stored milestones match feeds.json, idempotently: new ones are added, edited ones
    /// updated, removed ones deleted. Returns how many were added, updated and removed.
    /// </summary>
    public async Task<(int Added, int Updated, int Removed)> SyncAsync(PolicyCatalog catalog, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds, in_catalog)
            VALUES (@SourceId, 'Curated milestones (feeds.json)', 'feeds.json', 'curated', 'global', 0, FALSE)
            ON CONFLICT (id) DO NOTHING
            """, new { SourceId }, transaction);

        var items = catalog.Dossiers.SelectMany(d => d.Milestones.Select(m => ToItem(d, m))).ToList();
        var counts = await ItemStore.UpsertAsync(transaction, SourceId, items, now);
        var removed = await connection.ExecuteAsync(
            $"DELETE FROM items WHERE source_id = @SourceId AND {SqlDialect.Of(connection).NotIn("guid", "@Guids")}",
            new { SourceId, Guids = items.Select(i => i.Item.Guid).ToArray() }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return (counts.New, counts.Updated, removed);
    }

    private static ClassifiedItem ToItem(Dossier dossier, Milestone milestone)
    {
        var url = milestone.Url.AbsoluteUri;
        var item = new NormalizedItem(
            Guid: $"{dossier.Id}/{milestone.Date}/{milestone.Stage}",
            Kind: ItemKind.Milestone,
            Title: milestone.Title,
            Url: url,
            CanonicalUrl: UrlCanonicalizer.Canonicalize(url),
            // The institution that published the page is the milestone's author and publisher in citations;
            // the pseudo-source is only where milestones are kept.
            Authors: [milestone.Publisher],
            SummaryHtml: null,
            SummaryText: null,
            ContentText: null,
            PublishedAt: milestone.Date.Start,
            PublishedRaw: milestone.Date.ToString(),
            UpdatedAt: null,
            ContentHash: Normalizer.Sha256($"{milestone.Title}\n{url}\n{milestone.Date}\n{milestone.Stage}\n{milestone.Publisher}"))
        { Stage = milestone.Stage, DossierId = dossier.Id };
        var tags = new Classification([dossier.Id], [], [dossier.Jurisdiction], [new TagReason(dossier.Id, "curated milestone", "feeds.json")]);
        return new ClassifiedItem(item, tags);
    }
}
