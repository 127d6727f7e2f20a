using System.Xml;
using PolicyWatch.Parsing.Namespaces;
using PolicyWatch.Parsing.Rss;

namespace PolicyWatch.Parsing.Rdf;

/// <summary>
/// RSS 1.0 and 0.90, the RDF formats: &lt;rdf:RDF&gt; holding a channel and, beside it rather than in it, the
/// items, each named by its rdf:about. Their elements are RSS's, read as <see cref="RssReader"/> reads them;
/// the channel's namespace tells 0.90 from 1.0.
/// </summary>
internal sealed class RdfReader(XmlReader reader) : RssReader(reader, "rss10")
{
    /// <summary>0.90 or 1.0, known from the first channel or item; until then, 1.0.</summary>
    private string? version;

    public override string Format => version ?? "rss10";

    public override void FeedChild(Uri? baseUri)
    {
        if (version is null && Reader.LocalName == "channel") version = Reader.NamespaceURI == FeedNamespaces.Rss090 ? "rss09x" : "rss10";
        base.FeedChild(baseUri);
    }

    public override void ReadEntry(Uri? baseUri)
    {
        base.ReadEntry(baseUri);
        version ??= "rss10";
    }
}
