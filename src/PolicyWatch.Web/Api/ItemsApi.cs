using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Api;

/// <summary>/api/items: the items of any filter as JSON, newest first. Field names are stable.</summary>
public static class ItemsApi
{
    public sealed record ItemJson(long Id, string Kind, string Title, string? Url, string Source, DateTimeOffset PublishedAt,
        DateTimeOffset FirstSeenAt, IReadOnlyList<string> Jurisdictions, IReadOnlyList<string> Dossiers, IReadOnlyList<string> Topics, string? Stage);

    public sealed record ItemsJson(IReadOnlyList<ItemJson> Items);

    public static void MapItemsApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/items", async (ItemQueries queries, string? jurisdiction, string? source, string? dossier,
            string? topic, string? kind, int? limit, CancellationToken cancellationToken) =>
        {
            if (limit is < 1 or > 500) return Results.Problem("limit must be between 1 and 500", statusCode: 400);
            ItemKind? itemKind = null;
            if (kind is not null)
            {
                if (!Enum.TryParse<ItemKind>(kind, ignoreCase: true, out var parsed) || int.TryParse(kind, out _))
                    return Results.Problem("kind must be article, legislative or milestone", statusCode: 400);
                itemKind = parsed;
            }
            var filter = new ItemFilter { Jurisdiction = jurisdiction, Source = source, Dossier = dossier, Topic = topic, Kind = itemKind };
            var items = await queries.ListAsync(filter, limit ?? 50, cancellationToken);
            return Results.Json(new ItemsJson(items.Select(i => new ItemJson(i.Id, i.Kind, i.Title, i.Url, i.SourceId,
                i.PublishedAt, i.FirstSeenAt, i.Jurisdictions, i.Dossiers, i.Topics, i.Stage)).ToList()));
        });
}
