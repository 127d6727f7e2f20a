using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Parsing.Namespaces;

/// <summary>RFC 5005's feed history (fh:): whether this document is an archive, or holds every entry there is.</summary>
internal static class FeedArchiving
{
    public static bool ReadFeed(XmlFeedReader feed, string name)
    {
        switch (name)
        {
            case "archive": feed.Header.IsArchive = true; break;
            case "complete": feed.Header.IsComplete = true; break;
            default: return false;
        }
        feed.Skip();
        return true;
    }
}
