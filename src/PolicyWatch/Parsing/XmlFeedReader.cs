using System.Xml;
using PolicyWatch.Parsing.Dates;
using PolicyWatch.Parsing.Xml;
using static PolicyWatch.Parsing.Namespaces.FeedNamespaces;

namespace PolicyWatch.Parsing;

/// <summary>
/// Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 in one streaming pass over an
/// <see cref="XmlReader"/>. Channel and item fields are picked by (namespace, local name)
/// within their scope, so unknown elements (image, source, extensions) are skipped whole
/// and never leak their titles into the feed or the entry.
/// </summary>
internal sealed partial class XmlFeedReader
{
    private readonly XmlReader reader;
    private readonly FeedHeaderBuilder header = new();
    private readonly List<ParsedEntry> entries = [];
    private string format = "rss20";
    private bool atom;
    private string rootNamespace = "";
    private bool inMediaGroup;

    private XmlFeedReader(XmlReader reader) => this.reader = reader;

    /// <summary>A reader over <paramref name="text"/>; call <see cref="Read"/> to fill it.</summary>
    public static XmlFeedReader Start(string text, XmlReaderSettings settings) =>
        new(XmlReader.Create(new StringReader(text), settings));

    /// <summary>The format label, as soon as the root element has been read.</summary>
    public string? Format => started ? (format == "rdf" ? "rss10" : format) : null;

    private bool started;

    public FeedHeader Header => header.Build();


    public IReadOnlyList<ParsedEntry> Entries => entries;

    /// <summary>Reads the whole document; on an <see cref="XmlException"/> what was read so far stays available.</summary>
    public void Read(Uri? documentUrl)
    {
        if (reader.MoveToContent() != XmlNodeType.Element) throw new FeedParseException("the document has no root element");
        format = DetectFormat();
        rootNamespace = reader.NamespaceURI;
        started = true;
        atom = format.StartsWith("atom", StringComparison.Ordinal);
        var baseUri = FeedUrls.WithXmlBase(reader, documentUrl);
        if (atom) header.Language = FeedUrls.Language(reader.GetAttribute("xml:lang"));
        ReadChildren(baseUri, FeedChild);
    }

    private string DetectFormat()
    {
        var (name, ns) = (reader.LocalName, reader.NamespaceURI);
        switch (name)
        {
            case "rss":
                var version = reader.GetAttribute("version") ?? "";
                return version.StartsWith("0.9", StringComparison.Ordinal) ? "rss09x" : "rss20";
            case "RDF":
                return "rdf";
            case "feed" when ns == Atom03 || reader.GetAttribute("version") == "0.3":
                return "atom03";
            case "feed":
                return "atom10";
            case "channel":
                return "rss09x";
            case "html" or "HTML":
                throw new FeedParseException("this is an HTML page, not a feed");
            default:
                throw new FeedParseException($"<{reader.Name}> is not the root element of any feed format");
        }
    }

    /// <summary>Calls <paramref name="child"/> for each child element; each call leaves the reader on that child's end.</summary>
    private void ReadChildren(Uri? baseUri, Action<Uri?> child)
    {
        if (reader.IsEmptyElement) return;
        var depth = reader.Depth;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) return;
            if (reader.NodeType == XmlNodeType.Element) child(FeedUrls.WithXmlBase(reader, baseUri));
        }
    }

    private void Skip()
    {
        if (reader.IsEmptyElement) return;
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)) { }
    }

    private string? Text() => ElementContent.Read(reader);

    private void FeedChild(Uri? baseUri)
    {
        var (ns, name) = (reader.NamespaceURI, reader.LocalName);
        if (format == "rdf" && name == "channel") format = ns == Rss090 ? "rss09x" : "rss10";
        if (IsCore(ns) || ns == rootNamespace)
        {
            switch (name)
            {
                // Only the channel under the root is read: nested channels recursed once per level, and a
                // hostile document nesting them by the thousand overflowed the stack.
                case "channel" when reader.Depth <= 1: ReadChildren(baseUri, FeedChild); return;
                case "item" or "entry": ReadEntry(baseUri); return;
                case "title": header.Title ??= AtomText(baseUri); return;
                case "link":
                    var link = LinkHref(baseUri, out var rel);
                    if (rel == "alternate") header.Link ??= link;
                    else if (link is not null && header.Relations.Count < 32) header.Relations.TryAdd(rel.ToLowerInvariant(), link);
                    return;
                case "generator":
                    var uri = reader.GetAttribute("uri");
                    header.Generator ??= uri is null ? Text() : $"{uri} {Text()}".Trim();
                    return;
                case "description" or "subtitle" or "tagline": header.Subtitle ??= AtomText(baseUri); return;
                case "language": header.Language ??= FeedUrls.Language(Text()); return;
                case "lastBuildDate" or "updated" or "modified": header.Updated ??= FeedDateParser.Parse(Text()); return;
                case "pubDate" or "published" or "issued": header.Published ??= FeedDateParser.Parse(Text()); return;
            }
        }
        else if (ns == Dc)
        {
            switch (name)
            {
                case "language": header.Language ??= FeedUrls.Language(Text()); return;
                case "date": header.Updated ??= FeedDateParser.Parse(Text()); return;
                case "title": header.Title ??= Text(); return;
                case "description": header.Subtitle ??= Text(); return;
            }
        }
        else if (ns == DcTerms && name == "modified") { header.Updated ??= FeedDateParser.Parse(Text()); return; }
        else if (ns == FeedHistory && name is "archive" or "complete")
        {
            if (name == "archive") header.IsArchive = true;
            else header.IsComplete = true;
        }
        else if (ns == ITunes && name == "subtitle") { header.Subtitle ??= Text(); return; }
        Skip();
    }

    private void ReadEntry(Uri? baseUri)
    {
        var entry = new EntryBuilder { Id = reader.GetAttribute("about", Rdf) };
        var alternate = false;
        ReadChildren(baseUri, childBase => EntryChild(entry, childBase, ref alternate));
        if (format == "rdf") format = "rss10";
        entries.Add(entry.Build());
    }

    private void EntryChild(EntryBuilder entry, Uri? baseUri, ref bool alternate)
    {
        var (ns, name) = (reader.NamespaceURI, reader.LocalName);
        if (IsCore(ns) || ns == rootNamespace)
        {
            switch (name)
            {
                case "title": entry.Title ??= AtomText(baseUri); return;
                case "link": ReadEntryLink(entry, baseUri, ref alternate); return;
                case "description" or "summary" when entry.Summary is null: entry.Summary = Html(baseUri); return;
                case "summary": entry.Content ??= Html(baseUri); return;
                case "description": Skip(); return;
                case "content": entry.Content ??= Html(baseUri); return;
                case "guid": ReadGuid(entry, baseUri); return;
                case "id": entry.Id = FeedUrls.Resolve(Text(), baseUri) ?? entry.Id; return;
                case "pubDate" or "published" or "issued": entry.Published ??= FeedDateParser.Parse(Text()); return;
                case "updated" or "modified": entry.Updated ??= FeedDateParser.Parse(Text()); return;
                case "created": Skip(); return;
                case "author" or "contributor" when atom: ReadAtomPerson(entry, name == "author"); return;
                case "author": entry.AddAuthor(PersonName(Text())); return;
                case "category": ReadCategory(entry); return;
                case "enclosure": entry.AddEnclosure(FeedUrls.Resolve(reader.GetAttribute("url"), baseUri), reader.GetAttribute("type"), reader.GetAttribute("length")); Skip(); return;
            }
        }
        else if (ns == Dc)
        {
            switch (name)
            {
                case "creator" or "author": entry.AddAuthor(PersonName(Text())); return;
                case "subject": entry.AddCategory(Text()); return;
                case "date": entry.Updated ??= FeedDateParser.Parse(Text()); return;
                case "description": entry.Summary ??= Text(); return;
                case "title": entry.Title ??= Text(); return;
                case "identifier": entry.Id ??= Text(); return;
            }
        }
        else if (ns == DcTerms)
        {
            switch (name)
            {
                case "issued" or "created": entry.Published ??= FeedDateParser.Parse(Text()); return;
                case "modified": entry.Updated ??= FeedDateParser.Parse(Text()); return;
            }
        }
        else if (ns == Content && name == "encoded") { entry.Content ??= Html(baseUri); return; }
        else if (ns == Xhtml && name == "body") { entry.Content ??= ElementContent.Read(reader); return; }
        else if (ns == ITunes)
        {
            switch (name)
            {
                case "summary": entry.Summary ??= Text(); return;
                case "author": entry.AddAuthor(Text()); return;
                case "image": entry.ImageUrl ??= FeedUrls.Resolve(reader.GetAttribute("href"), baseUri); Skip(); return;
            }
        }
        else if (IsMedia(ns)) { ReadMedia(entry, baseUri); return; }
        Skip();
    }

    private void ReadMedia(EntryBuilder entry, Uri? baseUri)
    {
        switch (reader.LocalName)
        {
            // Media RSS groups do not nest; one nested in another is skipped whole, so that a hostile
            // document cannot recurse once per level until the stack overflows.
            case "group" when !inMediaGroup:
                var alternate = false;
                inMediaGroup = true;
                ReadChildren(baseUri, b => EntryChild(entry, b, ref alternate));
                inMediaGroup = false;
                return;
            case "content":
                entry.AddEnclosure(FeedUrls.Resolve(reader.GetAttribute("url"), baseUri), reader.GetAttribute("type"), reader.GetAttribute("fileSize"));
                break;
            case "thumbnail":
                entry.ImageUrl ??= FeedUrls.Resolve(reader.GetAttribute("url"), baseUri);
                break;
            case "description":
                entry.Summary ??= Text();
                return;
        }
        Skip();
    }

    private void ReadGuid(EntryBuilder entry, Uri? baseUri)
    {
        var permalink = reader.GetAttribute("isPermaLink") is not { } flag || !flag.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);
        var guid = Text();
        if (guid is null) return;
        entry.Id = guid;
        if (permalink) entry.PermalinkGuid ??= FeedUrls.Resolve(guid, baseUri);
    }

    private void ReadEntryLink(EntryBuilder entry, Uri? baseUri, ref bool alternate)
    {
        var (type, length) = (reader.GetAttribute("type"), reader.GetAttribute("length"));
        var href = LinkHref(baseUri, out var rel);
        if (href is null) return;
        switch (rel)
        {
            case "alternate" when !alternate:
                entry.Link = href;
                alternate = true;
                break;
            case "enclosure":
                entry.AddEnclosure(href, type, length);
                break;
        }
        if (rel is not ("enclosure" or "self" or "edit" or "replies" or "related" or "via" or "license")) entry.Link ??= href;
    }

    /// <summary>An Atom link's href (with its rel, "alternate" when missing), or an RSS link's text.</summary>
    private string? LinkHref(Uri? baseUri, out string rel)
    {
        rel = reader.GetAttribute("rel")?.Trim() ?? "alternate";
        var href = reader.GetAttribute("href");
        if (href is not null)
        {
            Skip();
            return FeedUrls.Resolve(href.Trim(), baseUri);
        }
        return FeedUrls.Resolve(Text(), baseUri);
    }

    /// <summary>An Atom text construct (type/mode attributes), or plain text for RSS.</summary>
    private string? AtomText(Uri? baseUri) => ElementContent.Read(reader, atom ? AtomMode() : ContentMode.Text, baseUri);

    /// <summary>RSS description and content:encoded hold HTML, escaped or in CDATA.</summary>
    private string? Html(Uri? baseUri) => atom ? AtomText(baseUri) : HtmlSource.Tidy(ElementContent.Read(reader, ContentMode.Text, baseUri));

    private ContentMode AtomMode()
    {
        var mode = reader.GetAttribute("mode");
        var type = reader.GetAttribute("type")?.Trim().ToLowerInvariant();
        var html = type is "html" or "text/html";
        var xhtml = type is "xhtml" or "application/xhtml+xml";
        if (mode is not null)
            return mode.Trim() switch
            {
                "base64" => ContentMode.Base64,
                "escaped" when html => ContentMode.Html,
                "xml" when xhtml && format == "atom10" => ContentMode.Xhtml,
                _ => ContentMode.Text,
            };
        if (string.IsNullOrEmpty(type) || type is "text" or "text/plain") return ContentMode.Text;
        if (html) return ContentMode.Html;
        if (xhtml) return format == "atom10" ? ContentMode.Xhtml : ContentMode.Text;
        if (type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("xml", StringComparison.Ordinal)) return ContentMode.Text;
        return format == "atom10" ? ContentMode.Base64 : ContentMode.Text;
    }

    private void ReadAtomPerson(EntryBuilder entry, bool isAuthor)
    {
        string? name = null;
        ReadChildren(null, _ =>
        {
            if (reader.LocalName == "name" && IsCore(reader.NamespaceURI)) name ??= Text();
            else Skip();
        });
        if (isAuthor) entry.AddAuthor(name);
    }

    private void ReadCategory(EntryBuilder entry)
    {
        var term = reader.GetAttribute("term");
        if (term is not null)
        {
            entry.AddCategory(term.Trim());
            Skip();
        }
        else entry.AddCategory(Text());
    }

    /// <summary>"jo@example.com (Jo Smith)", "Jo Smith (jo@example.com)" and "Jo Smith &lt;jo@example.com&gt;" give "Jo Smith"; a bare address is kept.</summary>
    internal static string? PersonName(string? value)
    {
        if (value is null || !value.Contains('@')) return value;
        var email = EmailAddress().Match(value);
        if (!email.Success) return value;
        var rest = value.Remove(email.Index, email.Length).Replace("()", "", StringComparison.Ordinal).Replace("<>", "", StringComparison.Ordinal)
            .Replace("mailto:", "", StringComparison.OrdinalIgnoreCase).Trim().Trim('(', ')', '"').Trim();
        return rest.Length == 0 ? value : rest;
    }

    // The lookbehind lets the local part start only where a run of its characters starts. Without it every
    // position inside a long run of letters was tried, each scanning to the run's end: quadratic in the
    // length of the author (seconds for 100,000 characters, minutes for a megabyte). The match is the same
    // either way: a local part starting inside a run also matches from the run's start, which is tried first.
    [System.Text.RegularExpressions.GeneratedRegex(@"<?(mailto:)?(?<![\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)+>?")]
    private static partial System.Text.RegularExpressions.Regex EmailAddress();
}
