using System.Xml;
using PolicyWatch.Parsing.Dates;
using PolicyWatch.Parsing.Namespaces;
using PolicyWatch.Parsing.Rss;
using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Parsing.Atom;

/// <summary>
/// Atom 1.0 (RFC 4287) and 0.3: &lt;feed&gt; and its entries. Text constructs say what they hold (type, and
/// 0.3's mode), links carry a rel, authors are person constructs, and the feed's language is its xml:lang.
/// </summary>
internal sealed class AtomReader(XmlReader reader, string format) : XmlFeedReader(reader)
{
    public override string Format => format;

    public override void Read(Uri? documentUrl)
    {
        Header.Language = FeedUrls.Language(Reader.GetAttribute("xml:lang"));
        base.Read(documentUrl);
    }

    protected override bool ReadFeedElement(string name, Uri? baseUri) =>
        FeedElement(this, name, baseUri) || RssReader.ChannelElement(this, name, baseUri);

    protected override bool ReadEntryElement(EntryBuilder entry, string name, Uri? baseUri, ref bool alternate) =>
        EntryElement(this, entry, name, baseUri, ref alternate) || RssReader.ItemElement(this, entry, name, baseUri, ref alternate);

    public override string? TextConstruct(Uri? baseUri) => ElementContent.Read(Reader, Mode(), baseUri);

    public override string? Html(Uri? baseUri) => TextConstruct(baseUri);

    /// <summary>An author's name; its email and uri are not kept.</summary>
    public override void ReadAuthor(EntryBuilder entry)
    {
        string? name = null;
        ReadChildren(null, _ =>
        {
            if (Reader.LocalName == "name" && FeedNamespaces.IsCore(Reader.NamespaceURI)) name ??= Text();
            else Skip();
        });
        entry.AddAuthor(name);
    }

    /// <summary>The feed's elements (and its entries); false for a name Atom does not define.</summary>
    public static bool FeedElement(XmlFeedReader feed, string name, Uri? baseUri)
    {
        var header = feed.Header;
        switch (name)
        {
            case "entry": feed.ReadEntry(baseUri); return true;
            case "title": header.Title ??= feed.TextConstruct(baseUri); return true;
            case "link": feed.ReadFeedLink(baseUri); return true;
            case "subtitle" or "tagline": header.Subtitle ??= feed.TextConstruct(baseUri); return true;
            case "generator": feed.ReadGenerator(); return true;
            case "updated" or "modified": header.Updated ??= FeedDateParser.Parse(feed.Text()); return true;
            case "published" or "issued": header.Published ??= FeedDateParser.Parse(feed.Text()); return true;
            default: return false;
        }
    }

    /// <summary>An entry's elements; false for a name Atom does not define.</summary>
    public static bool EntryElement(XmlFeedReader feed, EntryBuilder entry, string name, Uri? baseUri, ref bool alternate)
    {
        switch (name)
        {
            case "title": entry.Title ??= feed.TextConstruct(baseUri); return true;
            case "link": feed.ReadEntryLink(entry, baseUri, ref alternate); return true;
            // The first of summary and description is the summary; a summary after it is read as content.
            case "summary" when entry.Summary is null: entry.Summary = feed.Html(baseUri); return true;
            case "summary" or "content": entry.Content ??= feed.Html(baseUri); return true;
            case "id": entry.Id = FeedUrls.Resolve(feed.Text(), baseUri) ?? entry.Id; return true;
            case "published" or "issued": entry.Published ??= FeedDateParser.Parse(feed.Text()); return true;
            case "updated" or "modified": entry.Updated ??= FeedDateParser.Parse(feed.Text()); return true;
            case "author": feed.ReadAuthor(entry); return true;
            case "category": feed.ReadCategory(entry); return true;
            default: return false;
        }
    }

    /// <summary>How a text construct is written: Atom 1.0's type, or Atom 0.3's mode with its MIME type.</summary>
    private ContentMode Mode()
    {
        var mode = Reader.GetAttribute("mode");
        var type = Reader.GetAttribute("type")?.Trim().ToLowerInvariant();
        var html = type is "html" or "text/html";
        var xhtml = type is "xhtml" or "application/xhtml+xml";
        var atom10 = format == "atom10";
        if (mode is not null)
            return mode.Trim() switch
            {
                "base64" => ContentMode.Base64,
                "escaped" when html => ContentMode.Html,
                "xml" when xhtml && atom10 => ContentMode.Xhtml,
                _ => ContentMode.Text,
            };
        if (string.IsNullOrEmpty(type) || type is "text" or "text/plain") return ContentMode.Text;
        if (html) return ContentMode.Html;
        if (xhtml) return atom10 ? ContentMode.Xhtml : ContentMode.Text;
        if (type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("xml", StringComparison.Ordinal)) return ContentMode.Text;
        return atom10 ? ContentMode.Base64 : ContentMode.Text;
    }
}
