using System.Xml;
using PolicyWatch.Catalog;

namespace PolicyWatch.Syndication;

/// <summary>One outline of an OPML document: a folder (children), a feed (type rss, xmlUrl) or a link (type link, url).</summary>
/// <param name="Path">Where it sits in the document, e.g. "body/outline[2]/outline[1]", for messages.</param>
public sealed record OpmlOutline(string Text, string? XmlUrl, string? HtmlUrl, string? Type, IReadOnlyList<OpmlOutline> Children, string Path = "")
{
    /// <summary>A link outline's address (OPML 2.0: type="link" goes with url, not htmlUrl).</summary>
    public string? Url { get; init; }

    /// <summary>A folder: only its text, so checkers do not take it for a feed without a type.</summary>
    public static OpmlOutline Folder(string text, IReadOnlyList<OpmlOutline> children) => new(text, null, null, null, children);

    /// <summary>A feed, of whatever format: OPML's type="rss" means "a feed" to every reader.</summary>
    public static OpmlOutline Feed(string title, string xmlUrl, string? htmlUrl = null) => new(title, xmlUrl, htmlUrl, "rss", []);

    /// <summary>A web page that is not a feed.</summary>
    public static OpmlOutline Link(string title, string url) => new(title, null, null, "link", []) { Url = url };

    /// <summary>This outline and all below it, depth first, in document order.</summary>
    public IEnumerable<OpmlOutline> Flatten() => Children.SelectMany(c => c.Flatten()).Prepend(this);
}

/// <summary>OPML 2.0: write a list of feeds; read one from another reader's export.</summary>
public static class Opml
{
    public static Task WriteAsync(string title, DateTimeOffset created, IReadOnlyList<OpmlOutline> outlines, Stream output, CancellationToken cancellationToken = default) =>
        XmlText.WriteAsync(output, w =>
        {
            w.WriteStartDocument();
            w.WriteStartElement("opml");
            w.WriteAttributeString("version", "2.0");
            w.WriteStartElement("head");
            w.WriteElementString("title", XmlText.Clean(title));
            w.WriteElementString("dateCreated", XmlText.Rfc822(created));
            w.WriteEndElement();
            w.WriteStartElement("body");
            foreach (var outline in outlines) Write(w, outline);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }, cancellationToken);

    /// <summary>
    /// A typed outline gets text and title; a folder only text, since a checker reads an untyped outline
    /// with other attributes (title, htmlUrl, xmlUrl…) as a feed that forgot its type.
    /// </summary>
    private static void Write(XmlWriter w, OpmlOutline outline)
    {
        w.WriteStartElement("outline");
        w.WriteAttributeString("text", XmlText.Clean(outline.Text));
        if (outline.Type is not null)
        {
            w.WriteAttributeString("title", XmlText.Clean(outline.Text));
            w.WriteAttributeString("type", outline.Type);
        }
        if (outline.XmlUrl is not null) w.WriteAttributeString("xmlUrl", outline.XmlUrl);
        if (outline.HtmlUrl is not null) w.WriteAttributeString("htmlUrl", outline.HtmlUrl);
        if (outline.Url is not null) w.WriteAttributeString("url", outline.Url);
        foreach (var child in outline.Children) Write(w, child);
        w.WriteEndElement();
    }

    /// <summary>The sources of feeds.json, one folder per jurisdiction: feeds as feeds, html sources as links to their page.</summary>
    public static IReadOnlyList<OpmlOutline> Sources(PolicyCatalog catalog) =>
        catalog.Sources.GroupBy(s => s.Jurisdiction)
            .Select(g => OpmlOutline.Folder(catalog.Jurisdictions.GetValueOrDefault(g.Key, g.Key),
                g.Select(s => s.Type == SourceType.Feed
                    ? OpmlOutline.Feed(s.Name, s.Url.AbsoluteUri)
                    : OpmlOutline.Link(s.Name, s.Url.AbsoluteUri)).ToList()))
            .ToList();

    /// <summary>The top-level outlines of the document's body, with their children.</summary>
    /// <exception cref="XmlException">Not well-formed, or not OPML.</exception>
    public static IReadOnlyList<OpmlOutline> Read(Stream input)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        using var reader = XmlReader.Create(input, settings);
        var document = new XmlDocument { XmlResolver = null };
        document.Load(reader);
        if (document.DocumentElement is not { LocalName: "opml" } root) throw new XmlException("the root element is not <opml>");
        var body = root.SelectSingleNode("body") ?? throw new XmlException("the document has no <body>");
        return Children(body, "body");
    }

    private static List<OpmlOutline> Children(XmlNode parent, string path)
    {
        var outlines = new List<OpmlOutline>();
        foreach (var element in parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "outline"))
        {
            var here = $"{path}/outline[{outlines.Count + 1}]";
            string? Attr(string name) => element.GetAttribute(name) is { Length: > 0 } v ? v.Trim() : null;
            outlines.Add(new OpmlOutline(Attr("title") ?? Attr("text") ?? "", Attr("xmlUrl") ?? Attr("xmlurl"), Attr("htmlUrl"), Attr("type"),
                Children(element, here), here) { Url = Attr("url") });
        }
        return outlines;
    }
}
