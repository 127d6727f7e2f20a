using System.Xml;

namespace PolicyWatch.Syndication;

/// <summary>Atom 1.0 (RFC 4287): required elements, RFC 3339 dates, absolute URLs, html summaries.</summary>
public static class AtomWriter
{
    private const string Ns = "http://www.w3.org/2005/Atom";

    public static Task WriteAsync(FeedDocument feed, Stream output, CancellationToken cancellationToken = default) =>
        XmlText.WriteAsync(output, writer => Write(feed, writer), cancellationToken);

    private static void Write(FeedDocument feed, XmlWriter w)
    {
        w.WriteStartDocument();
        w.WriteStartElement("feed", Ns);
        XmlText.Element(w, "id", feed.Id);
        XmlText.Element(w, "title", feed.Title);
        if (feed.Subtitle is not null) XmlText.Element(w, "subtitle", feed.Subtitle);
        XmlText.Element(w, "updated", XmlText.Rfc3339(feed.Updated));
        Link(w, "self", "application/atom+xml", feed.SelfUrl);
        Link(w, "alternate", "text/html", feed.HomeUrl);
        // A feed-level author satisfies RFC 4287 for entries whose publisher names nobody.
        w.WriteStartElement("author");
        XmlText.Element(w, "name", "PolicyWatch");
        XmlText.Element(w, "uri", new Uri(feed.HomeUrl, "/").AbsoluteUri);
        w.WriteEndElement();
        w.WriteStartElement("generator");
        w.WriteString("PolicyWatch");
        w.WriteEndElement();
        foreach (var entry in feed.Entries) WriteEntry(w, entry);
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteEntry(XmlWriter w, FeedEntry entry)
    {
        w.WriteStartElement("entry");
        XmlText.Element(w, "id", entry.Id);
        XmlText.Element(w, "title", entry.Title);
        XmlText.Element(w, "updated", XmlText.Rfc3339(entry.Updated));
        XmlText.Element(w, "published", XmlText.Rfc3339(entry.Published));
        if (entry.Link is not null) Link(w, "alternate", "text/html", entry.Link);
        if (entry.ItemPage is not null) Link(w, entry.Link is null ? "alternate" : "related", "text/html", entry.ItemPage);
        // RFC 4287: one atom:author per person, each with its own name.
        foreach (var author in entry.Authors)
        {
            w.WriteStartElement("author");
            XmlText.Element(w, "name", author);
            w.WriteEndElement();
        }
        if (!string.IsNullOrEmpty(entry.ContentHtml))
        {
            w.WriteStartElement("summary");
            w.WriteAttributeString("type", "html");
            w.WriteString(XmlText.Clean(entry.ContentHtml));
            w.WriteEndElement();
        }
        foreach (var category in entry.Categories)
        {
            w.WriteStartElement("category");
            w.WriteAttributeString("term", XmlText.Clean(category.Term));
            w.WriteAttributeString("scheme", category.Scheme.AbsoluteUri);
            w.WriteAttributeString("label", XmlText.Clean(category.Label));
            w.WriteEndElement();
        }
        if (entry.Source is { } source)
        {
            // RFC 4287 4.2.11: the source feed's id, title and updated, so the entry keeps its provenance when copied on.
            w.WriteStartElement("source");
            XmlText.Element(w, "id", source.Id);
            XmlText.Element(w, "title", source.Title);
            XmlText.Element(w, "updated", XmlText.Rfc3339(source.Updated));
            if (source.SiteUrl is not null) Link(w, "alternate", "text/html", source.SiteUrl);
            if (source.FeedUrl is not null) Link(w, "self", null, source.FeedUrl);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Link(XmlWriter w, string rel, string? type, Uri href)
    {
        w.WriteStartElement("link");
        w.WriteAttributeString("rel", rel);
        if (type is not null) w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href.AbsoluteUri);
        w.WriteEndElement();
    }
}
