using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace PolicyWatch.Parsing;

/// <summary>
/// The foundation's reader: RSS 2.0 and Atom 1.0 from well-formed XML, read with DTDs
/// prohibited. The complete, tolerant parser replaces it behind <see cref="FeedParser"/>.
/// </summary>
internal static class BasicFeedReader
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    public static ParsedFeed Read(ReadOnlySpan<byte> body, string? contentType, Uri? documentUrl)
    {
        var root = Load(body).Root ?? throw new FeedParseException("the document is empty");
        return root.Name.LocalName switch
        {
            "rss" => ReadRss(root, documentUrl),
            "feed" when root.Name.Namespace == Atom => ReadAtom(root, documentUrl),
            _ => throw new FeedParseException($"<{root.Name.LocalName}> is not the root of a feed this reader knows"),
        };
    }

    private static XDocument Load(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) throw new FeedParseException("the document is empty");
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var stream = new MemoryStream(body.ToArray());
            using var reader = XmlReader.Create(stream, settings);
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new FeedParseException($"not well-formed XML: {e.Message}");
        }
    }

    private static ParsedFeed ReadRss(XElement rss, Uri? baseUrl)
    {
        var channel = rss.Element("channel") ?? throw new FeedParseException("<rss> has no <channel>");
        var header = new FeedHeader(Text(channel.Element("title")), Text(channel.Element("link")),
            Text(channel.Element("description")), Text(channel.Element("language")), Date(channel.Element("lastBuildDate")));
        var entries = channel.Elements("item").Select(item => new ParsedEntry(
            Id: Text(item.Element("guid")),
            Title: Text(item.Element("title")),
            Link: Resolve(Text(item.Element("link")), baseUrl),
            Summary: Text(item.Element("description")),
            Content: Text(item.Element(Content + "encoded")),
            Published: Date(item.Element("pubDate")),
            Updated: Date(item.Element(Dc + "date")),
            Author: Text(item.Element(Dc + "creator")) ?? Text(item.Element("author")),
            Authors: item.Elements(Dc + "creator").Select(Text).OfType<string>().ToList(),
            Categories: item.Elements("category").Select(Text).OfType<string>().ToList(),
            Enclosures: [])).ToList();
        return new ParsedFeed("rss20", false, null, header, entries);
    }

    private static ParsedFeed ReadAtom(XElement feed, Uri? baseUrl)
    {
        var header = new FeedHeader(Text(feed.Element(Atom + "title")), AlternateLink(feed, baseUrl),
            Text(feed.Element(Atom + "subtitle")), (string?)feed.Attribute(XNamespace.Xml + "lang"), Date(feed.Element(Atom + "updated")));
        var entries = feed.Elements(Atom + "entry").Select(entry =>
        {
            var authors = entry.Elements(Atom + "author").Select(a => Text(a.Element(Atom + "name"))).OfType<string>().ToList();
            return new ParsedEntry(
                Id: Text(entry.Element(Atom + "id")),
                Title: Text(entry.Element(Atom + "title")),
                Link: AlternateLink(entry, baseUrl),
                Summary: Text(entry.Element(Atom + "summary")),
                Content: Text(entry.Element(Atom + "content")),
                Published: Date(entry.Element(Atom + "published")),
                Updated: Date(entry.Element(Atom + "updated")),
                Author: authors.FirstOrDefault(),
                Authors: authors,
                Categories: entry.Elements(Atom + "category").Select(c => (string?)c.Attribute("term")).OfType<string>().ToList(),
                Enclosures: []);
        }).ToList();
        return new ParsedFeed("atom10", false, null, header, entries);
    }

    private static string? AlternateLink(XElement parent, Uri? baseUrl)
    {
        var links = parent.Elements(Atom + "link").ToList();
        var link = links.FirstOrDefault(l => ((string?)l.Attribute("rel") ?? "alternate") == "alternate") ?? links.FirstOrDefault();
        return Resolve((string?)link?.Attribute("href"), baseUrl);
    }

    private static string? Text(XElement? element)
    {
        var text = element?.Value.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static string? Resolve(string? link, Uri? baseUrl) =>
        link is not null && baseUrl is not null && Uri.TryCreate(baseUrl, link, out var absolute) ? absolute.ToString() : link;

    private static FeedDate? Date(XElement? element)
    {
        var raw = Text(element);
        if (raw is null) return null;
        var styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
        var value = DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, styles, out var parsed)
            ? parsed
            : DateTimeOffset.TryParseExact(StripZoneName(raw), "ddd, d MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, styles, out parsed)
                ? parsed : (DateTimeOffset?)null;
        return new FeedDate(raw, value?.ToUniversalTime());
    }

    private static string StripZoneName(string raw)
    {
        var builder = new StringBuilder(raw);
        foreach (var (name, offset) in new[] { ("GMT", "+00:00"), ("UTC", "+00:00"), ("EST", "-05:00"), ("EDT", "-04:00"), ("PST", "-08:00"), ("PDT", "-07:00") })
            builder.Replace(name, offset);
        return builder.ToString();
    }
}
