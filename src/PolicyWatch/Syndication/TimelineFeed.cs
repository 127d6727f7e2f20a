using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Syndication;

/// <summary>Turns the items of a view into feed entries.</summary>
public static class TimelineFeed
{
    private const int SummaryLength = 300;

    public static FeedEntry Entry(TimelineItem item, FeedItemDetails? details, PolicyCatalog catalog, FeedOptions options, Uri siteRoot)
    {
        var page = FeedLinks.ItemPage(siteRoot, item.Id);
        return new FeedEntry(
            Id: options.Tag($"item/{item.Id}"),
            Title: item.Title,
            Link: FeedLinks.Web(item.Url),
            ItemPage: page,
            Published: item.PublishedAt,
            Updated: Updated(item, details),
            Author: details?.Author,
            ContentHtml: details?.SummaryHtml,
            SummaryText: Shorten(details?.SummaryText),
            Categories: Categories(item, catalog, siteRoot),
            Source: new EntrySource(options.Tag($"source/{item.SourceId}"), item.SourceName, FeedLinks.Web(catalog.FindSource(item.SourceId)?.Url.AbsoluteUri)));
    }

    /// <summary>The latest of: publication, the publisher's own update time, and our last seen change after first sight.</summary>
    private static DateTimeOffset Updated(TimelineItem item, FeedItemDetails? details)
    {
        var updated = item.PublishedAt;
        if (details?.UpdatedAt is { } publisherUpdate && UtcTimestamp.Parse(publisherUpdate) is var at && at > updated) updated = at;
        if (details is not null && UtcTimestamp.Parse(details.LastChangedAt) is var changed && changed > item.FirstSeenAt && changed > updated)
            updated = changed;
        return updated;
    }

    public static IReadOnlyList<FeedCategory> Categories(TimelineItem item, PolicyCatalog catalog, Uri siteRoot)
    {
        var categories = new List<FeedCategory>();
        foreach (var code in item.Jurisdictions)
            categories.Add(new FeedCategory(code, catalog.Jurisdictions.GetValueOrDefault(code, code), new Uri(siteRoot, "j/")));
        foreach (var id in item.Dossiers)
            categories.Add(new FeedCategory(id, catalog.FindDossier(id)?.Title ?? id, new Uri(siteRoot, "dossiers/")));
        foreach (var id in item.Topics)
            categories.Add(new FeedCategory(id, catalog.FindTopic(id)?.Name ?? id, new Uri(siteRoot, "topics/")));
        return categories;
    }

    private static string? Shorten(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (text.Length <= SummaryLength) return text;
        var cut = text.LastIndexOf(' ', SummaryLength);
        return string.Concat(text.AsSpan(0, cut > SummaryLength / 2 ? cut : SummaryLength), "…");
    }
}
