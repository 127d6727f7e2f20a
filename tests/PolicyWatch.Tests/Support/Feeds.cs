using System.Globalization;
using System.Net;

namespace PolicyWatch.Tests.Support;

/// <summary>Small feed documents built in tests, when a saved fixture would hide what matters.</summary>
public static class Feeds
{
    public sealed record FeedItem(string Guid, string Title, DateTimeOffset? Published, string Link, string Summary);

    public static FeedItem Item(string guid, string title, DateTimeOffset? published = null, string? link = null, string summary = "") =>
        new(guid, title, published, link ?? $"https://example.org/{guid}", summary);

    public static string Rss(string title, IEnumerable<FeedItem> items) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>{WebUtility.HtmlEncode(title)}</title><link>https://example.org/</link><description>test</description>
        {string.Concat(items.Select(ItemXml))}
        </channel></rss>
        """;

    private static string ItemXml(FeedItem item) =>
        $"<item><guid isPermaLink=\"false\">{WebUtility.HtmlEncode(item.Guid)}</guid><title>{WebUtility.HtmlEncode(item.Title)}</title>" +
        $"<link>{WebUtility.HtmlEncode(item.Link)}</link><description>{WebUtility.HtmlEncode(item.Summary)}</description>" +
        (item.Published is { } p ? $"<pubDate>{p.ToString("r", CultureInfo.InvariantCulture)}</pubDate>" : "") + "</item>\n";
}
