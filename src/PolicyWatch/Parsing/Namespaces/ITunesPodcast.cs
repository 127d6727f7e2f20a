using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Parsing.Namespaces;

/// <summary>Apple's podcast tags (itunes:) that say what a feed or an episode is.</summary>
internal static class ITunesPodcast
{
    public static bool ReadFeed(XmlFeedReader feed, string name)
    {
        if (name != "subtitle") return false;
        feed.Header.Subtitle ??= feed.Text();
        return true;
    }

    public static bool ReadEntry(XmlFeedReader feed, EntryBuilder entry, string name, Uri? baseUri)
    {
        switch (name)
        {
            case "summary":
                entry.Summary ??= feed.Text();
                return true;
            case "author":
                entry.AddAuthor(feed.Text());
                return true;
            case "image":
                entry.ImageUrl ??= FeedUrls.Resolve(feed.Reader.GetAttribute("href"), baseUri);
                feed.Skip();
                return true;
            default: return false;
        }
    }
}
