using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Parsing.Namespaces;

/// <summary>
/// The full content an entry carries beside its summary: RSS 1.0's content module (content:encoded, HTML
/// escaped or in CDATA) or a body of inline XHTML.
/// </summary>
internal static class ItemContent
{
    public static bool ReadEntry(XmlFeedReader feed, EntryBuilder entry, string ns, string name, Uri? baseUri)
    {
        switch (ns, name)
        {
            case (FeedNamespaces.Content, "encoded"): entry.Content ??= feed.Html(baseUri); return true;
            case (FeedNamespaces.Xhtml, "body"): entry.Content ??= ElementContent.Read(feed.Reader); return true;
            default: return false;
        }
    }
}
