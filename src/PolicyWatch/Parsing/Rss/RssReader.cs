using System.Xml;
using PolicyWatch.Parsing.Atom;
using PolicyWatch.Parsing.Dates;
using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Parsing.Rss;

/// <summary>
/// RSS 0.90–0.94 and 2.0: &lt;rss&gt;&lt;channel&gt; with its items, or a bare &lt;channel&gt;. Titles are text,
/// descriptions HTML (escaped or in CDATA), a link is the element's text and an author is written
/// "jo@example.com (Jo Smith)".
/// </summary>
/// <remarks>
/// An item's relative links (its link, a permalink guid, enclosures, images, and the URLs in its HTML) resolve
/// against the xml:base in scope, else the channel's link, else the document's address: a feed is often served
/// from another host than its site's (a feed proxy, a CDN), and the channel's link is the site, as Miniflux and
/// RSS readers take it. The channel's own links (self, next…) stay with the document. Read in one pass, the
/// channel's link serves the items after it; generators write it first.
/// </remarks>
internal class RssReader(XmlReader reader, string format) : XmlFeedReader(reader)
{
    private string? channelLink;
    private Uri? channelBase;

    public override string Format => format;

    public override void ReadEntry(Uri? baseUri) =>
        // The same object as the document's address: no xml:base applies here (FeedUrls.WithXmlBase).
        base.ReadEntry(ReferenceEquals(baseUri, DocumentUrl) ? ChannelBase() ?? baseUri : baseUri);

    /// <summary>The channel's link (as read where it stands) when it is an absolute http(s) URL short enough to be a base.</summary>
    private Uri? ChannelBase()
    {
        if (ReferenceEquals(Header.Link, channelLink)) return channelBase;
        channelLink = Header.Link;
        channelBase = Uri.TryCreate(channelLink, UriKind.Absolute, out var link) && link.Scheme is "http" or "https"
            && link.AbsoluteUri.Length <= FeedUrls.MaxBaseLength ? link : null;
        return channelBase;
    }

    protected override bool ReadFeedElement(string name, Uri? baseUri) =>
        ChannelElement(this, name, baseUri) || AtomReader.FeedElement(this, name, baseUri);

    protected override bool ReadEntryElement(EntryBuilder entry, string name, Uri? baseUri, ref bool alternate) =>
        ItemElement(this, entry, name, baseUri, ref alternate) || AtomReader.EntryElement(this, entry, name, baseUri, ref alternate);

    public override string? TextConstruct(Uri? baseUri) => ElementContent.Read(Reader, ContentMode.Text, baseUri);

    public override string? Html(Uri? baseUri) => HtmlSource.Tidy(TextConstruct(baseUri), baseUri);

    public override void ReadAuthor(EntryBuilder entry) => entry.AddAuthor(PersonName.Of(Text()));

    /// <summary>The channel's elements (and the items in it); false for a name RSS does not define.</summary>
    public static bool ChannelElement(XmlFeedReader feed, string name, Uri? baseUri)
    {
        var header = feed.Header;
        switch (name)
        {
            // Only the channel under the root is read: nested channels recursed once per level, and a
            // hostile document nesting them by the thousand overflowed the stack.
            case "channel" when feed.Reader.Depth <= 1: feed.ReadChildren(baseUri, feed.FeedChild); return true;
            case "item": feed.ReadEntry(baseUri); return true;
            case "title": header.Title ??= feed.TextConstruct(baseUri); return true;
            case "link": feed.ReadFeedLink(baseUri); return true;
            case "description": header.Subtitle ??= feed.TextConstruct(baseUri); return true;
            case "generator": feed.ReadGenerator(); return true;
            case "language": header.Language ??= FeedUrls.Language(feed.Text()); return true;
            case "lastBuildDate": header.Updated ??= FeedDateParser.Parse(feed.Text()); return true;
            case "pubDate": header.Published ??= FeedDateParser.Parse(feed.Text()); return true;
            default: return false;
        }
    }

    /// <summary>An item's elements; false for a name RSS does not define.</summary>
    public static bool ItemElement(XmlFeedReader feed, EntryBuilder entry, string name, Uri? baseUri, ref bool alternate)
    {
        var reader = feed.Reader;
        switch (name)
        {
            case "title": entry.Title ??= feed.TextConstruct(baseUri); return true;
            case "link": feed.ReadEntryLink(entry, baseUri, ref alternate); return true;
            // The first of description and summary is the summary; a description after a summary adds nothing.
            case "description" when entry.Summary is null: entry.Summary = feed.Html(baseUri); return true;
            case "description": return false;
            case "guid": ReadGuid(feed, entry, baseUri); return true;
            case "pubDate": entry.Published ??= FeedDateParser.Parse(feed.Text()); return true;
            case "author": feed.ReadAuthor(entry); return true;
            case "category": feed.ReadCategory(entry); return true;
            case "enclosure":
                entry.AddEnclosure(FeedUrls.Resolve(reader.GetAttribute("url"), baseUri), reader.GetAttribute("type"), reader.GetAttribute("length"));
                feed.Skip();
                return true;
            default: return false;
        }
    }

    private static void ReadGuid(XmlFeedReader feed, EntryBuilder entry, Uri? baseUri)
    {
        var permalink = feed.Reader.GetAttribute("isPermaLink") is not { } flag || !flag.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);
        var guid = feed.Text();
        if (guid is null) return;
        entry.Id = guid;
        if (permalink) entry.PermalinkGuid ??= FeedUrls.Resolve(guid, baseUri);
    }
}
