using PolicyWatch.Storage;
using PolicyWatch.Syndication;

namespace PolicyWatch.Web.Feeds;

/// <summary>/feeds/digest/{daily|weekly}/{j|dossiers|topics}/{id}.{ext}</summary>
public sealed class DigestFeedEndpoint(DigestFeeds digests, FeedOptions options)
{
    public async Task<IResult> RespondAsync(HttpContext context, string cadence, string scope, string id, string ext, CancellationToken cancellationToken)
    {
        if (!SyndicationFormats.TryParse(ext, out var format)) return Results.NotFound();
        if (!DigestFeeds.TryParse(cadence, scope, out var c, out var s) || digests.ScopeTitle(s, id) is not { } title) return Results.NotFound();

        // Closed periods never change once frozen, so which periods are published decides the bytes.
        var periods = digests.PublishedPeriods(c);
        var siteRoot = FeedSite.Root(context, options);
        var etag = ConditionalGet.ETag("digest", format, DigestFeeds.FeedKey(c, s, id), periods[0].Key, periods.Count, options.TagAuthority, siteRoot);
        if (ConditionalGet.NotModified(context, etag, periods[0].End, options.MaxAge)) return ConditionalGet.Status304();

        var scopePage = new Uri(siteRoot, DigestFeeds.ScopePath(s) + Uri.EscapeDataString(id));
        var entries = await digests.EntriesAsync(c, s, id, siteRoot, cancellationToken);
        var document = new FeedDocument(
            Id: options.Tag($"digest/{DigestFeeds.FeedKey(c, s, id)}"),
            Title: $"PolicyWatch {DigestFeeds.Name(c)} digest: {title}",
            Subtitle: $"One entry per {(c == DigestCadence.Weekly ? "week (Monday to Sunday, UTC)" : "day (UTC)")} with what PolicyWatch first saw in it",
            SelfUrl: FeedSite.Self(context, options),
            HomeUrl: scopePage,
            Updated: periods[0].End,
            Entries: entries);
        return new FeedResult(format, document);
    }
}
