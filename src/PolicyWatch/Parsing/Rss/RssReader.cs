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
internal class RssReader(XmlReader reader, string format) : XmlFeedReader(reader)
{
    public override string Format => format;

    protected override bool ReadFeedElement(string name, Uri? baseUri) =>
        ChannelElement(this, name, baseUri) || AtomReader.FeedElement(this, name, baseUri);

    protected override bool ReadEntryElement(EntryBuilder entry, string name, Uri? baseUri, ref bool alternate) =>
        ItemElement(this, entry, name, baseUri, ref alternate) || AtomReader.EntryElement(this, entry, name, baseUri, ref alternate);

    public override string? TextConstruct(Uri? baseUri) => ElementContent.Read(Reader, ContentMode.Text, baseUri);

    public override string? Html(Uri? baseUri) => HtmlSource.Tidy(TextConstruct(baseUri));

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
