using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Api;

/// <summary>
/// /api/items: the items of any view as JSON (the same filters and q as the pages), a page at a time,
/// with <c>next</c>: the cursor for the following page, null at the end. Field names are stable. A story is one
/// entry (its lead, or the first of its items in the view) unless <c>stories=expand</c>.
/// </summary>
public static class ItemsApi
{
    /// <summary>Why a tag is on the item: the dossier or topic id, the phrase that matched and where.</summary>
    public sealed record WhyJson(string Tag, string Phrase, string Field);

    /// <summary>The item's story: its stable id (the id of the item that founded it; the item's own when alone) and how many items it has.</summary>
    public sealed record StoryJson(long Id, int Count);

    /// <param name="Authors">Who wrote the item, one person or organisation each, in order; for a milestone, the institution behind it.</param>
    public sealed record ItemJson(long Id, string Kind, string Title, string? Url, string Source, IReadOnlyList<string> Authors, DateTimeOffset PublishedAt,
        DateTimeOffset FirstSeenAt, IReadOnlyList<string> Jurisdictions, IReadOnlyList<string> Dossiers, IReadOnlyList<string> Topics, string? Stage,
        IReadOnlyList<WhyJson> Why, string? Snippet, StoryJson Story);

    public sealed record ItemsJson(IReadOnlyList<ItemJson> Items, string? Next);

    public static void MapItemsApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/items", async (HttpContext context, PolicyCatalog catalog, ItemQueries queries, ItemDetailQueries details,
            int? limit, CancellationToken cancellationToken) =>
        {
            if (limit is < 1 or > 500) return Results.Problem("limit must be between 1 and 500", statusCode: 400);
            try
            {
                var view = ViewQuery.Parse(context.Request.Query, catalog);
                var page = await queries.PageAsync(view.ToFilter(), view.Cursor, limit ?? 50, cancellationToken);
                var why = await details.WhyAsync(page.Items.Select(i => i.Id).ToList(), cancellationToken);
                return Results.Json(new ItemsJson(page.Items.Select(i => new ItemJson(i.Id, i.Kind, i.Title, i.Url, i.SourceId,
                    i.Authors, i.PublishedAt, i.FirstSeenAt, i.Jurisdictions, i.Dossiers, i.Topics, i.Stage,
                    why[i.Id].Select(r => new WhyJson(r.Tag, r.Phrase, r.Field)).ToList(), i.Snippet,
                    new StoryJson(i.Story?.Id ?? i.Id, i.Story?.Items ?? 1))).ToList(), page.Next));
            }
            catch (Exception e) when (e is ViewQueryException or InvalidCursorException or InvalidSearchException)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        });
}
