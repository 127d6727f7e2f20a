using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyWatch.Syndication;

/// <summary>JSON Feed 1.1: version, title, home_page_url, feed_url, and items with id, urls, html, dates, authors, tags.</summary>
public static class JsonFeedWriter
{
    public const string Version = "https://jsonfeed.org/version/1.1";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // HTML inside JSON strings is safe from the feed's point of view; keep it readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task WriteAsync(FeedDocument feed, Stream output, CancellationToken cancellationToken = default)
    {
        await using var w = new Utf8JsonWriter(output, Options);
        w.WriteStartObject();
        w.WriteString("version", Version);
        w.WriteString("title", XmlText.Clean(feed.Title));
        if (feed.Subtitle is not null) w.WriteString("description", XmlText.Clean(feed.Subtitle));
        w.WriteString("home_page_url", feed.HomeUrl.AbsoluteUri);
        w.WriteString("feed_url", feed.SelfUrl.AbsoluteUri);
        w.WriteStartArray("items");
        foreach (var entry in feed.Entries)
        {
            WriteItem(w, entry);
            if (w.BytesPending > 16 * 1024) await w.FlushAsync(cancellationToken);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(cancellationToken);
    }

    private static void WriteItem(Utf8JsonWriter w, FeedEntry entry)
    {
        w.WriteStartObject();
        w.WriteString("id", XmlText.Clean(entry.Id));
        var url = entry.ItemPage ?? entry.Link;
        if (url is not null) w.WriteString("url", url.AbsoluteUri);
        if (entry.Link is not null && entry.ItemPage is not null) w.WriteString("external_url", entry.Link.AbsoluteUri);
        w.WriteString("title", XmlText.Clean(entry.Title));
        // content_html or content_text is required; an entry without a summary still says what it is.
        w.WriteString("content_html", string.IsNullOrEmpty(entry.ContentHtml) ? System.Net.WebUtility.HtmlEncode(entry.Title) : XmlText.Clean(entry.ContentHtml));
        if (!string.IsNullOrWhiteSpace(entry.SummaryText)) w.WriteString("summary", XmlText.Clean(entry.SummaryText));
        w.WriteString("date_published", XmlText.Rfc3339(entry.Published));
        w.WriteString("date_modified", XmlText.Rfc3339(entry.Updated));
        if (entry.Authors.Count > 0)
        {
            w.WriteStartArray("authors");
            foreach (var author in entry.Authors)
            {
                w.WriteStartObject();
                w.WriteString("name", XmlText.Clean(author));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (entry.Categories.Count > 0)
        {
            w.WriteStartArray("tags");
            foreach (var category in entry.Categories) w.WriteStringValue(XmlText.Clean(category.Term));
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
