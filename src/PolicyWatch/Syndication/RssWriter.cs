using System.Xml;

namespace PolicyWatch.Syndication;

/// <summary>
/// RSS 2.0: RFC 822 dates, a guid per item (isPermaLink="false": our ids are tag: URIs),
/// the publisher in source, one category per tag with its scheme as domain.
/// </summary>
public static class RssWriter
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";

    public static Task WriteAsync(FeedDocument feed, Stream output, CancellationToken cancellationToken = default) =>
        XmlText.WriteAsync(output, writer => Write(feed, writer), cancellationToken);

    private static void Write(FeedDocument feed, XmlWriter w)
    {
        w.WriteStartDocument();
        w.WriteStartElement("rss");
        w.WriteAttributeString("version", "2.0");
        w.WriteAttributeString("xmlns", "atom", null, AtomNs);
        w.WriteAttributeString("xmlns", "dc", null, DcNs);
        w.WriteStartElement("channel");
        XmlText.Element(w, "title", feed.Title);
        XmlText.Element(w, "link", feed.HomeUrl.AbsoluteUri);
        XmlText.Element(w, "description", feed.Subtitle ?? feed.Title);
        // atom:link rel=self is what feed validators ask of RSS so readers can find the canonical address.
        w.WriteStartElement("link", AtomNs);
        w.WriteAttributeString("rel", "self");
        w.WriteAttributeString("type", "application/rss+xml");
        w.WriteAttributeString("href", feed.SelfUrl.AbsoluteUri);
        w.WriteEndElement();
        XmlText.Element(w, "lastBuildDate", XmlText.Rfc822(feed.Updated));
        XmlText.Element(w, "generator", "PolicyWatch");
        foreach (var entry in feed.Entries) WriteItem(w, entry);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteItem(XmlWriter w, FeedEntry entry)
    {
        w.WriteStartElement("item");
        XmlText.Element(w, "title", entry.Title);
        var link = entry.Link ?? entry.ItemPage;
        if (link is not null) XmlText.Element(w, "link", link.AbsoluteUri);
        if (!string.IsNullOrEmpty(entry.ContentHtml)) XmlText.Element(w, "description", entry.ContentHtml);
        // RSS author must be an e-mail address; names go in dc:creator, one element per person (DCMI: repeat the element).
        foreach (var author in entry.Authors)
        {
            w.WriteStartElement("creator", DcNs);
            w.WriteString(XmlText.Clean(author));
            w.WriteEndElement();
        }
        foreach (var category in entry.Categories)
        {
            w.WriteStartElement("category");
            w.WriteAttributeString("domain", category.Scheme.AbsoluteUri);
            w.WriteString(XmlText.Clean(category.Term));
            w.WriteEndElement();
        }
        if (entry.ItemPage is not null && entry.Link is not null) XmlText.Element(w, "comments", entry.ItemPage.AbsoluteUri);
        w.WriteStartElement("guid");
        w.WriteAttributeString("isPermaLink", "false");
        w.WriteString(XmlText.Clean(entry.Id));
        w.WriteEndElement();
        XmlText.Element(w, "pubDate", XmlText.Rfc822(entry.Published));
        if (entry.Source is { FeedUrl: not null } source)
        {
            w.WriteStartElement("source");
            w.WriteAttributeString("url", source.FeedUrl.AbsoluteUri);
            w.WriteString(XmlText.Clean(source.Title));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }
}
