using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Parsing.Namespaces;

/// <summary>Media RSS (media:): enclosures, thumbnails and descriptions, alone or in a media:group.</summary>
internal static class MediaRss
{
    public static bool ReadEntry(XmlFeedReader feed, EntryBuilder entry, Uri? baseUri)
    {
        if (feed.Reader.LocalName != "group") return ReadMedia(feed, entry, baseUri);
        // A group holds media elements and now and then the format's own; its children are read as the entry's.
        var alternate = false;
        feed.ReadChildren(baseUri, childBase =>
        {
            if (!FeedNamespaces.IsMedia(feed.Reader.NamespaceURI)) feed.EntryChild(entry, childBase, ref alternate);
            // Groups do not nest: one inside another is skipped whole, so that a hostile document cannot
            // recurse once per level until the stack overflows.
            else if (!ReadMedia(feed, entry, childBase)) feed.Skip();
        });
        return true;
    }

    private static bool ReadMedia(XmlFeedReader feed, EntryBuilder entry, Uri? baseUri)
    {
        var reader = feed.Reader;
        switch (reader.LocalName)
        {
            case "content":
                entry.AddEnclosure(FeedUrls.Resolve(reader.GetAttribute("url"), baseUri), reader.GetAttribute("type"), reader.GetAttribute("fileSize"));
                break;
            case "thumbnail":
                entry.ImageUrl ??= FeedUrls.Resolve(reader.GetAttribute("url"), baseUri);
                break;
            case "description":
                entry.Summary ??= feed.Text();
                return true;
            default:
                return false;
        }
        feed.Skip();
        return true;
    }
}
