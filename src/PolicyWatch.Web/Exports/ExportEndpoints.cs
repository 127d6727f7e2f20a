using PolicyWatch.Catalog;
using PolicyWatch.Citing;
using PolicyWatch.Storage;
using PolicyWatch.Syndication;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Exports;

/// <summary>
/// /export.{csv|bib|ris|json}?&lt;filters&gt;: a whole view as a file, streamed while it is read page by
/// page (keyset cursor) from the database, so a view of any size costs the memory of one page.
/// </summary>
public static class ExportEndpoints
{
    /// <summary>Items read from the database per round trip.</summary>
    public const int PageSize = 200;

    public static void MapExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/export.{extension}", ExportAsync);

    private static async Task<IResult> ExportAsync(string extension, HttpContext context, PolicyCatalog catalog, ItemQueries items,
        ItemDetailQueries details, FeedOptions feeds, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ExportFormats.TryParseExtension(extension, out var format)) return Results.NotFound();
        ItemFilter filter;
        ItemPage first;
        try
        {
            var view = ViewQuery.Parse(context.Request.Query, catalog);
            // One row per item, each with its story's id, unless the address asks for stories=collapse.
            filter = view.ToFilter() with { CollapseStories = view.Stories == "collapse" };
            // The first page is read before anything is sent, so a bad search or cursor is still a clean 400.
            first = await items.PageAsync(filter, view.Cursor, PageSize, withSnippets: false, cancellationToken);
        }
        catch (Exception e) when (e is ViewQueryException or InvalidCursorException or InvalidSearchException)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        var accessedAt = time.GetUtcNow();
        var rows = ReadAsync(items, details, filter, first, id => Permalinks.Item(context, feeds, id), accessedAt, cancellationToken);
        return new ExportResult(format, FileName(filter, format, accessedAt), rows);
    }

    /// <summary>"policywatch-eu-eu-csam-regulation-20250101.csv": what the view is and when it was taken.</summary>
    public static string FileName(ItemFilter filter, ExportFormat format, DateTimeOffset at)
    {
        var parts = new[] { filter.Jurisdiction, filter.Dossier, filter.Topic, filter.Source, filter.Kind?.ToString().ToLowerInvariant() }
            .Where(p => p is not null)
            .Select(p => new string(p!.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray()));
        var search = filter.Q is null ? Enumerable.Empty<string>() : ["search"];
        return string.Join("-", new[] { "policywatch" }.Concat(parts).Concat(search).Append(at.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)))
            + "." + format.Extension;
    }

    private static async IAsyncEnumerable<CitableItem> ReadAsync(ItemQueries items, ItemDetailQueries details, ItemFilter filter, ItemPage page,
        Func<long, string> permalink, DateTimeOffset accessedAt, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var fields = await details.CitationFieldsAsync(page.Items.Select(i => i.Id).ToList(), cancellationToken);
            foreach (var item in page.Items)
                yield return Citable.From(item, fields.GetValueOrDefault(item.Id), permalink(item.Id), accessedAt);
            if (page.Next is null) yield break;
            page = await items.PageAsync(filter, page.Next, PageSize, withSnippets: false, cancellationToken);
        }
    }

    private sealed class ExportResult(ExportFormat format, string fileName, IAsyncEnumerable<CitableItem> rows) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = format.ContentType;
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            // Kestrel would drop a HEAD's body anyway: not reading the whole view for it spares the database.
            if (HttpMethods.IsHead(context.Request.Method)) return;
            await ExportWriter.For(format).WriteAsync(rows, context.Response.Body, context.RequestAborted);
        }
    }
}
