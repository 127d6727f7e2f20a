using System.Xml;
using PolicyWatch.Parsing.Namespaces;

namespace PolicyWatch.Parsing.Xml;

/// <summary>
/// What the readers of the XML formats (RSS, RDF, Atom) share: one streaming pass over an <see cref="XmlReader"/>
/// in which fields are picked by (namespace, local name) within their scope, so unknown elements (image,
/// source, extensions) are skipped whole and never leak their titles into the feed or the entry; the xml:base
/// in force at every element; and the namespaces any of them may carry (<see cref="Namespaces"/>). A format's
/// reader says how its own elements map onto the shared model and how its text is written.
/// </summary>
/// <remarks>
/// Reading is liberal, as feedparser's is: an element of the other XML vocabulary in the feed's own namespace
/// (an RSS item's &lt;summary&gt;, an Atom feed's &lt;pubDate&gt;) is read too, each reader falling back on
/// the other's elements, with the text rules of the document it is in.
/// </remarks>
internal abstract class XmlFeedReader
{
    private readonly string rootNamespace;

    /// <param name="reader">Standing on the document's root element.</param>
    protected XmlFeedReader(XmlReader reader)
    {
        Reader = reader;
        rootNamespace = reader.NamespaceURI;
    }

    public XmlReader Reader { get; }

    public FeedHeaderBuilder Header { get; } = new();

    public List<ParsedEntry> Entries { get; } = [];

    /// <summary>The format label of the contract (rss20, rss10, atom10…).</summary>
    public abstract string Format { get; }

    /// <summary>Where the document came from, the base of its relative links where no xml:base says otherwise.</summary>
    protected Uri? DocumentUrl { get; private set; }

    /// <summary>Reads the whole document from its root; on an <see cref="XmlException"/> what was read so far stays available.</summary>
    public virtual void Read(Uri? documentUrl)
    {
        DocumentUrl = documentUrl;
        ReadChildren(FeedUrls.WithXmlBase(Reader, documentUrl), FeedChild);
    }

    /// <summary>Reads a child of the feed (or channel) in the format's own vocabulary; false when the format does not know it.</summary>
    protected abstract bool ReadFeedElement(string name, Uri? baseUri);

    /// <summary>Reads a child of an entry (or item) in the format's own vocabulary; false when the format does not know it.</summary>
    /// <param name="alternate">Whether the entry's alternate link has been read.</param>
    protected abstract bool ReadEntryElement(EntryBuilder entry, string name, Uri? baseUri, ref bool alternate);

    /// <summary>A title or subtitle, as the format writes text.</summary>
    public abstract string? TextConstruct(Uri? baseUri);

    /// <summary>A summary or content, as the format writes HTML.</summary>
    public abstract string? Html(Uri? baseUri);

    /// <summary>An entry's author element, as the format writes a person.</summary>
    public abstract void ReadAuthor(EntryBuilder entry);

    /// <summary>Calls <paramref name="child"/> for each child element; each call leaves the reader on that child's end.</summary>
    public void ReadChildren(Uri? baseUri, Action<Uri?> child)
    {
        if (Reader.IsEmptyElement) return;
        var depth = Reader.Depth;
        while (Reader.Read())
        {
            if (Reader.NodeType == XmlNodeType.EndElement && Reader.Depth == depth) return;
            if (Reader.NodeType == XmlNodeType.Element) child(FeedUrls.WithXmlBase(Reader, baseUri));
        }
    }

    public void Skip()
    {
        if (Reader.IsEmptyElement) return;
        var depth = Reader.Depth;
        while (Reader.Read() && !(Reader.NodeType == XmlNodeType.EndElement && Reader.Depth == depth)) { }
    }

    public string? Text() => ElementContent.Read(Reader);

    /// <summary>A child of the feed, or of its channel.</summary>
    public virtual void FeedChild(Uri? baseUri)
    {
        var (ns, name) = (Reader.NamespaceURI, Reader.LocalName);
        var read = IsOwn(ns) ? ReadFeedElement(name, baseUri) : ns switch
        {
            FeedNamespaces.Dc or FeedNamespaces.DcTerms => DublinCore.ReadFeed(this, ns, name),
            FeedNamespaces.FeedHistory => FeedArchiving.ReadFeed(this, name),
            FeedNamespaces.ITunes => ITunesPodcast.ReadFeed(this, name),
            _ => false,
        };
        if (!read) Skip();
    }

    /// <summary>An entry or item, added to <see cref="Entries"/> once read whole.</summary>
    public virtual void ReadEntry(Uri? baseUri)
    {
        // RSS 1.0 items name themselves with rdf:about, and so do RSS 2.0 items written by RDF tools.
        var entry = new EntryBuilder { Id = Reader.GetAttribute("about", FeedNamespaces.Rdf) };
        var alternate = false;
        ReadChildren(baseUri, childBase => EntryChild(entry, childBase, ref alternate));
        Entries.Add(entry.Build());
    }

    /// <summary>A child of an entry: the format's own element, or one of a namespace every format may carry.</summary>
    public void EntryChild(EntryBuilder entry, Uri? baseUri, ref bool alternate)
    {
        var (ns, name) = (Reader.NamespaceURI, Reader.LocalName);
        var read = IsOwn(ns) ? ReadEntryElement(entry, name, baseUri, ref alternate) : ns switch
        {
            FeedNamespaces.Dc or FeedNamespaces.DcTerms => DublinCore.ReadEntry(this, entry, ns, name),
            FeedNamespaces.Content or FeedNamespaces.Xhtml => ItemContent.ReadEntry(this, entry, ns, name, baseUri),
            FeedNamespaces.ITunes => ITunesPodcast.ReadEntry(this, entry, name, baseUri),
            _ when FeedNamespaces.IsMedia(ns) => MediaRss.ReadEntry(this, entry, baseUri),
            _ => false,
        };
        if (!read) Skip();
    }

    /// <summary>Elements in the feed's own vocabulary: the known feed namespaces (none included) and the root's.</summary>
    private bool IsOwn(string ns) => FeedNamespaces.IsCore(ns) || ns == rootNamespace;

    /// <summary>A link of the feed: its alternate (the site), else a relation (self, next, prev-archive…).</summary>
    public void ReadFeedLink(Uri? baseUri)
    {
        var link = LinkHref(baseUri, out var rel);
        if (rel == "alternate") Header.Link ??= link;
        else if (link is not null && Header.Relations.Count < 32) Header.Relations.TryAdd(rel.ToLowerInvariant(), link);
    }

    /// <summary>A link of an entry: the first alternate is its link, an enclosure link is an enclosure.</summary>
    public void ReadEntryLink(EntryBuilder entry, Uri? baseUri, ref bool alternate)
    {
        var (type, length) = (Reader.GetAttribute("type"), Reader.GetAttribute("length"));
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
        rel = Reader.GetAttribute("rel")?.Trim() ?? "alternate";
        var href = Reader.GetAttribute("href");
        if (href is not null)
        {
            Skip();
            return FeedUrls.Resolve(href.Trim(), baseUri);
        }
        return FeedUrls.Resolve(Text(), baseUri);
    }

    /// <summary>What made the feed, with Atom's uri when it has one.</summary>
    public void ReadGenerator()
    {
        var uri = Reader.GetAttribute("uri");
        Header.Generator ??= uri is null ? Text() : $"{uri} {Text()}".Trim();
    }

    /// <summary>An Atom category's term, or an RSS category's text.</summary>
    public void ReadCategory(EntryBuilder entry)
    {
        var term = Reader.GetAttribute("term");
        if (term is not null)
        {
            entry.AddCategory(term.Trim());
            Skip();
        }
        else entry.AddCategory(Text());
    }
}
