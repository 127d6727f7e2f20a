using System.Net;

namespace PolicyWatch.Tests.Support;

/// <summary>RSS items with megabytes of text in any field, as a hostile or broken source sends them.</summary>
public static class HostileFeed
{
    /// <summary>Exactly <paramref name="characters"/> characters of words every search here matches.</summary>
    public static string Words(int characters) =>
        string.Concat(Enumerable.Repeat("chat control encryption ", characters / 24 + 1))[..characters];

    /// <summary>About <paramref name="characters"/> characters of HTML paragraphs with inline markup and links.</summary>
    public static string Paragraphs(int characters) =>
        string.Concat(Enumerable.Repeat("<p>Ministers <b>met</b> on <a href=\"https://example.org/x\">encryption</a> and chat control.</p>\n", characters / 90 + 1));

    /// <summary>An RSS item with any of its texts, each encoded as a feed carries HTML.</summary>
    public static string Item(string guid, string title, string? summaryHtml = null, string? author = null, string? contentHtml = null, string? link = null) =>
        $"<item><guid isPermaLink=\"false\">{guid}</guid><title>{WebUtility.HtmlEncode(title)}</title>" +
        $"<link>{WebUtility.HtmlEncode(link ?? $"https://example.org/{guid}")}</link><pubDate>Tue, 28 May 2024 09:00:00 GMT</pubDate>" +
        (summaryHtml is null ? "" : $"<description>{WebUtility.HtmlEncode(summaryHtml)}</description>") +
        (author is null ? "" : $"<dc:creator>{WebUtility.HtmlEncode(author)}</dc:creator>") +
        (contentHtml is null ? "" : $"<content:encoded>{WebUtility.HtmlEncode(contentHtml)}</content:encoded>") + "</item>\n";

    public static string Rss(params string[] items) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " +
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Hostile</title><link>https://example.org/</link>" +
        "<description>test</description>" + string.Concat(items) + "</channel></rss>";
}
