using PolicyWatch.Parsing.Dates;
using PolicyWatch.Parsing.Rss;
using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Parsing.Namespaces;

/// <summary>Dublin Core (dc:) and DCMI terms (dcterms:), in feeds of any format; the format's own elements come first.</summary>
internal static class DublinCore
{
    public static bool ReadFeed(XmlFeedReader feed, string ns, string name)
    {
        var header = feed.Header;
        switch (ns, name)
        {
            case (FeedNamespaces.Dc, "language"): header.Language ??= FeedUrls.Language(feed.Text()); return true;
            case (FeedNamespaces.Dc, "date") or (FeedNamespaces.DcTerms, "modified"): header.Updated ??= FeedDateParser.Parse(feed.Text()); return true;
            case (FeedNamespaces.Dc, "title"): header.Title ??= feed.Text(); return true;
            case (FeedNamespaces.Dc, "description"): header.Subtitle ??= feed.Text(); return true;
            default: return false;
        }
    }

    public static bool ReadEntry(XmlFeedReader feed, EntryBuilder entry, string ns, string name)
    {
        switch (ns, name)
        {
            case (FeedNamespaces.Dc, "creator" or "author"): entry.AddAuthor(PersonName.Of(feed.Text())); return true;
            case (FeedNamespaces.Dc, "subject"): entry.AddCategory(feed.Text()); return true;
            case (FeedNamespaces.Dc, "date") or (FeedNamespaces.DcTerms, "modified"): entry.Updated ??= FeedDateParser.Parse(feed.Text()); return true;
            case (FeedNamespaces.Dc, "description"): entry.Summary ??= feed.Text(); return true;
            case (FeedNamespaces.Dc, "title"): entry.Title ??= feed.Text(); return true;
            case (FeedNamespaces.Dc, "identifier"): entry.Id ??= feed.Text(); return true;
            case (FeedNamespaces.DcTerms, "issued" or "created"): entry.Published ??= FeedDateParser.Parse(feed.Text()); return true;
            default: return false;
        }
    }
}
