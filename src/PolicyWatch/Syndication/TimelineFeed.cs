using System.Globalization;
using System.Net;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Syndication;

/// <summary>Turns the items of a view into feed entries.</summary>
public static class TimelineFeed
{
    private const int SummaryLength = 300;

    public static FeedEntry Entry(TimelineItem item, FeedItemDetails? details, PolicyCatalog catalog, FeedOptions options, Uri siteRoot)
    {
        var page = EntryLinks.ItemPage(siteRoot, item.Id);
        return new FeedEntry(
            Id: options.Tag($"item/{item.Id}"),
            Title: item.Title,
            Link: EntryLinks.Web(item.Url),
            ItemPage: page,
            Published: item.PublishedAt,
            Updated: Updated(item, details),
            Authors: item.Authors,
            // Readers show the summary; official events often come without one, so they get one that says what they are.
            // A story is one entry: the other sources that reported it follow the summary.
            ContentHtml: (string.IsNullOrWhiteSpace(details?.SummaryHtml) ? WebUtility.HtmlEncode(Describe(item, catalog)) : details.SummaryHtml)
                + EntryStory.Html(item, siteRoot),
            SummaryText: Shorten(details?.SummaryText),
            Categories: Categories(item, catalog, siteRoot),
            Source: Source(item, details, catalog, options));
    }

    /// <summary>
    /// The feed the entry was taken from. A milestone has none: it was curated from feeds.json, not
    /// copied from a feed, and its author is the institution that published it.
    /// </summary>
    private static EntrySource? Source(TimelineItem item, FeedItemDetails? details, PolicyCatalog catalog, FeedOptions options)
    {
        if (item.Kind == "milestone") return null;
        var source = catalog.FindSource(item.SourceId);
        var url = EntryLinks.Web(source?.Url.AbsoluteUri);
        var copied = details?.LastChangedAt ?? item.FirstSeenAt;
        return source?.Type == SourceType.Html
            ? new EntrySource(options.Tag($"source/{item.SourceId}"), item.SourceName, FeedUrl: null, SiteUrl: url, copied)
            : new EntrySource(options.Tag($"source/{item.SourceId}"), item.SourceName, FeedUrl: url, SiteUrl: SiteOf(url), copied);
    }

    /// <summary>
    /// A feed's site, when feeds.json gives only the feed: the root of its host, without the "feeds." or
    /// "rss." that feed hosts often add (feeds.macrumors.com → https://macrumors.com/).
    /// </summary>
    internal static Uri? SiteOf(Uri? feed)
    {
        if (feed is null) return null;
        var host = feed.Host;
        foreach (var prefix in (string[])["feeds.", "feed.", "rss."])
            if (host.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && host.Count(c => c == '.') >= 2)
                host = host[prefix.Length..];
        return new UriBuilder(feed.Scheme, host, feed.IsDefaultPort ? -1 : feed.Port).Uri;
    }

    /// <summary>
    /// One sentence for an item that came without a summary: what kind of event it is, of which dossier, at
    /// which stage, when and from whom ("Milestone of EU CSAM Regulation (2022/0155(COD)): proposal, 11 May 2022.
    /// Published by Publications Office of the European Union.").
    /// </summary>
    public static string Describe(TimelineItem item, PolicyCatalog catalog)
    {
        var dossier = item.Dossiers.Select(catalog.FindDossier).FirstOrDefault(d => d is not null);
        var of = dossier is null ? "" : $" of {dossier.Title}{(dossier.Reference is null ? "" : $" ({dossier.Reference})")}";
        var date = item.IsMonthOnly
            ? item.PublishedAt.UtcDateTime.ToString("MMMM yyyy", CultureInfo.InvariantCulture)
            : item.PublishedAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var stage = string.IsNullOrWhiteSpace(item.Stage) ? "" : $"{item.Stage}, ";
        return item.Kind switch
        {
            "milestone" => $"Milestone{of}: {stage}{date}.{(item.Authors is [var publisher, ..] ? $" Published by {publisher}." : "")}",
            "legislative" => $"Legislative event{of}: {stage}{date}, from {item.SourceName}.",
            _ => $"Article from {item.SourceName}, {date}{(item.DateIsFirstSeen ? " (first seen)" : "")}.",
        };
    }

    /// <summary>The latest of: publication, the publisher's own update time, and our last seen change after first sight.</summary>
    private static DateTimeOffset Updated(TimelineItem item, FeedItemDetails? details)
    {
        var updated = item.PublishedAt;
        if (details?.UpdatedAt is { } publisherUpdate && publisherUpdate > updated) updated = publisherUpdate;
        if (details?.LastChangedAt is { } changed && changed > item.FirstSeenAt && changed > updated) updated = changed;
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
