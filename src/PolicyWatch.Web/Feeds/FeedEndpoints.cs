using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Syndication;

namespace PolicyWatch.Web.Feeds;

/// <summary>/feeds/…: every view as Atom, RSS and JSON Feed, the digests, and /feeds.opml.</summary>
public static class FeedEndpoints
{
    public static void MapFeeds(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<FeedOptions>();
        var catalog = services.GetRequiredService<PolicyCatalog>();
        var timeline = new TimelineFeeds(services.GetRequiredService<ItemQueries>(), services.GetRequiredService<FeedQueries>(),
            services.GetRequiredService<DossierQueries>(), catalog, options, services.GetRequiredService<TimeProvider>());
        var digests = new DigestFeedEndpoint(new DigestFeeds(services.GetRequiredService<DigestQueries>(), catalog, options,
            services.GetRequiredService<TimeProvider>()), options);

        var feeds = endpoints.MapGroup("/feeds");
        feeds.MapGet("/timeline.{ext}", (HttpContext c, string ext, CancellationToken ct) =>
            timeline.RespondAsync(c, ext, null, null, ct));
        feeds.MapGet("/search.{ext}", (HttpContext c, string ext, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(c.Request.Query["q"]) ? Task.FromResult(Results.Problem("a search feed needs q", statusCode: 400))
                : timeline.RespondAsync(c, ext, null, null, ct));
        foreach (var (segment, scope) in new[] { ("j", "jurisdiction"), ("dossiers", "dossier"), ("topics", "topic"), ("sources", "source") })
            feeds.MapGet($"/{segment}/{{id}}.{{ext}}", (HttpContext c, string id, string ext, CancellationToken ct) =>
                timeline.RespondAsync(c, ext, scope, id, ct));
        feeds.MapGet("/digest/{cadence}/{scope}/{id}.{ext}", digests.RespondAsync);
        endpoints.MapGet("/feeds.opml", (HttpContext c, TimeProvider time, CancellationToken ct) =>
            FeedDirectory.WriteOpmlAsync(c, catalog, options, time, ct));
    }
}
