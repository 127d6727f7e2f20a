using PolicyWatch.Catalog;
using PolicyWatch.Citing;
using PolicyWatch.Storage;
using PolicyWatch.Syndication;
using PolicyWatch.Web.Feeds;

namespace PolicyWatch.Web.Pages.Shared;

/// <summary>Stored items as the citation styles and exports take them.</summary>
public static class Citable
{
    public static CitableItem From(ItemDetail item, string permalink, DateTimeOffset accessedAt) =>
        new(item.Id, item.Title, item.Authors, Publisher(item.Kind, item.SourceName, item.Authors), Kind(item.Kind), item.PublishedAt,
            item.DateIsFirstSeen, item.Url, item.CanonicalUrl, permalink, accessedAt)
        {
            Summary = item.SummaryText, Jurisdictions = item.Jurisdictions, Dossiers = item.Dossiers, Topics = item.Topics,
            ArchivedCopy = Copy(item.CopyUrl, item.CopyCapturedAt),
        };

    public static CitableItem From(TimelineItem item, CitationFields? fields, string permalink, DateTimeOffset accessedAt) =>
        new(item.Id, item.Title, item.Authors, Publisher(item.Kind, item.SourceName, item.Authors), Kind(item.Kind), item.PublishedAt,
            item.DateIsFirstSeen, item.Url, fields?.CanonicalUrl, permalink, accessedAt)
        {
            Summary = fields?.SummaryText, Jurisdictions = item.Jurisdictions, Dossiers = item.Dossiers, Topics = item.Topics,
            ArchivedCopy = Copy(fields?.CopyUrl, fields?.CopyCapturedAt), StoryId = item.Story?.Id ?? item.Id,
        };

    private static ArchivedCopy? Copy(string? url, DateTimeOffset? capturedAt) =>
        url is not null && capturedAt is { } at ? new ArchivedCopy(url, at) : null;

    /// <summary>
    /// The source's name, except for a milestone: its source is feeds.json, which publishes nothing, and
    /// its author is the institution that published the page it cites (stored so by MilestoneStore).
    /// </summary>
    private static string Publisher(string kind, string sourceName, IReadOnlyList<string> authors) =>
        kind == "milestone" && authors is [var institution, ..] ? institution : sourceName;

    private static ItemKind Kind(string kind) => Enum.Parse<ItemKind>(kind, ignoreCase: true);
}

/// <summary>Our own stable addresses, absolute, as citations and exports give them: under the same root as the feeds' links.</summary>
public static class Permalinks
{
    public static string Item(HttpContext context, FeedOptions options, long id) => new Uri(FeedSite.Root(context, options), $"items/{id}").AbsoluteUri;
}
