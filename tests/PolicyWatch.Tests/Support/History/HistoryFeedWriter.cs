using System.Globalization;
using System.Net;
using System.Text;

namespace PolicyWatch.Tests.Support.History;

/// <summary>The two feed formats a history site can serve.</summary>
public enum FeedFormat { Rss, Atom }

/// <summary>
/// Writes generated items as RSS 2.0 or Atom, newest first as feeds list them, with whatever
/// links a site adds to the head (RFC 5005 relations, paging). In RSS those links are
/// <c>atom:link</c> elements, as RFC 5005 says.
/// </summary>
internal static class HistoryFeedWriter
{
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";
    public const string HistoryNamespace = "http://purl.org/syndication/history/1.0";

    /// <param name="items">In the order the document lists them.</param>
    /// <param name="head">Raw XML put in the channel or feed head: links, <c>fh:archive</c>, a generator.</param>
    public static string Write(FeedFormat format, string title, string siteLink, IEnumerable<GeneratedItem> items, string head = "") =>
        format == FeedFormat.Rss ? Rss(title, siteLink, items, head) : Atom(title, siteLink, items, head);

    /// <summary>A link relation in the head: <c>atom:link</c> in RSS, <c>link</c> in Atom.</summary>
    public static string Link(FeedFormat format, string rel, string href) =>
        $"<{(format == FeedFormat.Rss ? "atom:link" : "link")} rel=\"{rel}\" href=\"{Escape(href)}\"/>";

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public static string Rfc822(DateTimeOffset date) => date.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    public static string Rfc3339(DateTimeOffset date) => date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Rss(string title, string siteLink, IEnumerable<GeneratedItem> items, string head)
    {
        var xml = new StringBuilder();
        xml.Append($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"{AtomNamespace}\" xmlns:fh=\"{HistoryNamespace}\">\n<channel>\n");
        xml.Append($"<title>{Escape(title)}</title>\n<link>{Escape(siteLink)}</link>\n<description>Generated for history tests</description>\n<language>en</language>\n{head}\n");
        foreach (var item in items)
            xml.Append($"<item>\n<title>{Escape(item.Title)}</title>\n<link>{Escape(item.Link)}</link>\n<guid isPermaLink=\"false\">{Escape(item.Guid)}</guid>\n" +
                       $"<pubDate>{Rfc822(item.Published)}</pubDate>\n<description>{Escape(item.Description)}</description>\n</item>\n");
        return xml.Append("</channel>\n</rss>\n").ToString();
    }

    private static string Atom(string title, string siteLink, IEnumerable<GeneratedItem> items, string head)
    {
        var list = items.ToList();
        // Atom requires feed-level updated; the newest entry's date keeps the bytes a function of the items alone.
        var updated = list.Count == 0 ? DateTimeOffset.UnixEpoch : list.Max(i => i.Published);
        var xml = new StringBuilder();
        xml.Append($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"{AtomNamespace}\" xmlns:fh=\"{HistoryNamespace}\">\n");
        xml.Append($"<title>{Escape(title)}</title>\n<id>{Escape(siteLink)}</id>\n<link rel=\"alternate\" href=\"{Escape(siteLink)}\"/>\n" +
                   $"<updated>{Rfc3339(updated)}</updated>\n<author><name>Generated</name></author>\n{head}\n");
        foreach (var item in list)
            xml.Append($"<entry>\n<id>{Escape(item.Guid)}</id>\n<title>{Escape(item.Title)}</title>\n<link rel=\"alternate\" href=\"{Escape(item.Link)}\"/>\n" +
                       $"<published>{Rfc3339(item.Published)}</published>\n<updated>{Rfc3339(item.Published)}</updated>\n<summary>{Escape(item.Description)}</summary>\n</entry>\n");
        return xml.Append("</feed>\n").ToString();
    }
}
