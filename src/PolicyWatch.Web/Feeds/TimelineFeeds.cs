using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Syndication;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Feeds;

/// <summary>
/// A view's feed: validators first (indexes only, so a 304 never reads entries), then the newest items. A view
/// of one dossier pins where the dossier stands as its subtitle.
/// </summary>
public sealed class TimelineFeeds(ItemQueries items, FeedQueries feeds, DossierQueries dossiers, PolicyCatalog catalog, FeedOptions options, TimeProvider time)
{
    /// <param name="scope">The filter the pretty path fixes (jurisdiction, dossier, topic, source), or null.</param>
    public async Task<IResult> RespondAsync(HttpContext context, string ext, string? scope, string? id, CancellationToken cancellationToken)
    {
        if (!SyndicationFormats.TryParse(ext, out var format)) return Results.NotFound();
        ViewQuery view;
        try
        {
            view = FeedView.Read(context.Request.Query, catalog);
        }
        catch (ViewQueryException e)
        {
            return Results.Problem(e.Message, statusCode: 400);
        }
        if (scope is not null)
        {
            if (Narrow(view, scope, id!) is not { } narrowed) return Results.NotFound();
            view = narrowed;
        }

        var filter = FeedView.Filter(view);
        var siteRoot = FeedSite.Root(context, options);
        var canonical = FeedView.CanonicalQuery(view);
        var version = await feeds.VersionAsync(filter, cancellationToken);
        var now = time.GetUtcNow();
        // The status line also changes when time passes a dated step (a scheduled sitting becomes the last step).
        var status = filter.Dossier is { } dossier ? await dossiers.StatusVersionAsync(dossier, now, cancellationToken) : null;
        var etag = ConditionalGet.ETag("timeline", format, canonical, options.Entries, options.TagAuthority, siteRoot,
            version.LastChangedAt?.ToUnixTimeSeconds(), version.LastItemId, version.NewestInFilter,
            status?.NextDatedAt?.ToUnixTimeSeconds(), status?.Official);
        var lastModified = Latest(version.LastChangedAt, status?.LatestPastAt) ?? DateTimeOffset.UnixEpoch;
        if (ConditionalGet.NotModified(context, etag, lastModified, options.MaxAge))
            return ConditionalGet.Status304();

        ItemPage page;
        try
        {
            // An entry carries the item's own summary, never a search snippet.
            page = await items.PageAsync(filter, cursor: null, options.Entries, withSnippets: false, cancellationToken);
        }
        catch (InvalidSearchException e)
        {
            return Results.Problem(e.Message, statusCode: 400);
        }
        var details = await feeds.DetailsAsync(page.Items.Select(i => i.Id).ToList(), cancellationToken);
        var entries = page.Items.Select(i => TimelineFeed.Entry(i, details.GetValueOrDefault(i.Id), catalog, options, siteRoot)).ToList();
        var document = new FeedDocument(
            Id: options.Tag($"feed/{canonical}"),
            Title: $"PolicyWatch: {Title(filter)}",
            Subtitle: filter.Dossier is { } pinned
                ? DossierStatusLine.Text(await dossiers.StatusAsync(pinned, now, cancellationToken))
                : "The newest items of this PolicyWatch view",
            SelfUrl: FeedSite.Self(context, options),
            HomeUrl: new Uri(siteRoot, Home(canonical)),
            Updated: entries.Count == 0 ? version.LastChangedAt ?? DateTimeOffset.UnixEpoch : entries.Max(e => e.Updated),
            Entries: entries);
        return new FeedResult(format, document);
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private ViewQuery? Narrow(ViewQuery view, string scope, string id) => scope switch
    {
        "jurisdiction" when catalog.Jurisdictions.ContainsKey(id) => view with { Jurisdiction = id },
        "dossier" when catalog.FindDossier(id) is not null => view with { Dossier = id },
        "topic" when catalog.FindTopic(id) is not null => view with { Topic = id },
        "source" when catalog.FindSource(id) is not null => view with { Source = id },
        _ => null,
    };

    private string Title(ItemFilter filter)
    {
        var parts = new List<string>();
        if (filter.Jurisdiction is { } j) parts.Add(catalog.Jurisdictions[j]);
        if (filter.Dossier is { } d) parts.Add(catalog.FindDossier(d)!.Title);
        if (filter.Topic is { } t) parts.Add(catalog.FindTopic(t)!.Name);
        if (filter.Source is { } s) parts.Add(catalog.FindSource(s)!.Name);
        if (filter.Kind is { } k) parts.Add(k.ToString().ToLowerInvariant());
        if (filter.Q is { } q) parts.Add($"search \"{q}\"");
        return parts.Count == 0 ? "everything" : string.Join(" · ", parts);
    }

    /// <summary>The site page showing the same view: /timeline takes every filter, search included.</summary>
    private static string Home(string canonicalQuery) => canonicalQuery.Length == 0 ? "" : $"timeline?{canonicalQuery}";
}
