using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PolicyWatch.Tests.Syndication;

/// <summary>
/// Reads our feeds the way the W3C Feed Validator and feed readers do, structurally: each check returns
/// what a validator would report (errors and the warnings we promised to keep clear), so a test can
/// assert the list is empty and a failure names every problem at once.
/// </summary>
public static partial class FeedChecks
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>Atom 1.0 (RFC 4287), with the validator's warnings for entries without text and sources without updated.</summary>
    public static IReadOnlyList<string> AtomProblems(string xml)
    {
        var problems = new List<string>();
        var feed = XDocument.Parse(xml).Root!;
        if (feed.Name != Atom + "feed") return [$"the root is {feed.Name}, not atom:feed"];
        ExactlyOne(feed, "feed", problems, "id", "title", "updated");
        CheckDate(feed.Element(Atom + "updated"), "feed/updated", problems);
        if (!feed.Elements(Atom + "link").Any(l => (string?)l.Attribute("rel") == "self"))
            problems.Add("feed: no link rel=self");
        var feedHasAuthor = feed.Elements(Atom + "author").Any(a => a.Element(Atom + "name") is { Value.Length: > 0 });
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, i) in feed.Elements(Atom + "entry").Select((e, i) => (e, i)))
        {
            var where = $"entry[{i}]";
            ExactlyOne(entry, where, problems, "id", "title", "updated");
            CheckDate(entry.Element(Atom + "updated"), $"{where}/updated", problems);
            if (entry.Element(Atom + "published") is { } published) CheckDate(published, $"{where}/published", problems);
            if (entry.Element(Atom + "id")?.Value is { } id)
            {
                if (!Uri.IsWellFormedUriString(id, UriKind.Absolute)) problems.Add($"{where}: id \"{id}\" is not an absolute IRI");
                if (!ids.Add(id)) problems.Add($"{where}: duplicate id {id}");
            }
            var source = entry.Element(Atom + "source");
            var hasAuthor = entry.Elements(Atom + "author").Any() || source?.Elements(Atom + "author").Any() == true || feedHasAuthor;
            if (!hasAuthor) problems.Add($"{where}: no author, in the entry, its source or the feed");
            var links = entry.Elements(Atom + "link").ToList();
            var hasContent = entry.Element(Atom + "content") is not null;
            if (!hasContent && !links.Any(l => (string?)l.Attribute("rel") is null or "alternate"))
                problems.Add($"{where}: neither content nor a link rel=alternate");
            if (!hasContent && entry.Element(Atom + "summary") is not { Value.Length: > 0 })
                problems.Add($"{where}: no summary or content (MissingTextualContent)");
            foreach (var duplicate in links.Where(l => (string?)l.Attribute("rel") is null or "alternate")
                         .GroupBy(l => ((string?)l.Attribute("type"), (string?)l.Attribute("hreflang"))).Where(g => g.Count() > 1))
                problems.Add($"{where}: two alternate links of type {duplicate.Key.Item1}");
            foreach (var link in entry.Descendants(Atom + "link"))
                if (!Uri.IsWellFormedUriString((string?)link.Attribute("href"), UriKind.Absolute))
                    problems.Add($"{where}: link href \"{(string?)link.Attribute("href")}\" is not absolute");
            foreach (var category in entry.Elements(Atom + "category"))
                if (string.IsNullOrEmpty((string?)category.Attribute("term"))) problems.Add($"{where}: a category without term");
            if (source is not null)
            {
                foreach (var name in new[] { "id", "title", "updated" })
                    if (source.Element(Atom + name) is null) problems.Add($"{where}/source: no {name}");
                CheckDate(source.Element(Atom + "updated"), $"{where}/source/updated", problems);
                if (!source.Elements(Atom + "link").Any(l => (string?)l.Attribute("rel") is "alternate" or "self"))
                    problems.Add($"{where}/source: no link to the source");
            }
        }
        return problems;
    }

    /// <summary>RSS 2.0 as the validator reads it: channel title, link, description; each item a title or description, a guid, RFC 822 dates.</summary>
    public static IReadOnlyList<string> RssProblems(string xml)
    {
        var problems = new List<string>();
        var rss = XDocument.Parse(xml).Root!;
        if (rss.Name != "rss" || (string?)rss.Attribute("version") != "2.0") return ["the root is not <rss version=\"2.0\">"];
        var channel = rss.Element("channel");
        if (channel is null) return ["no channel"];
        foreach (var name in new[] { "title", "link", "description" })
            if (channel.Elements(name).Count() != 1 || channel.Element(name)!.Value.Length == 0) problems.Add($"channel: {name} missing or repeated");
        if (!channel.Elements(Atom + "link").Any(l => (string?)l.Attribute("rel") == "self")) problems.Add("channel: no atom:link rel=self");
        if (channel.Element("lastBuildDate") is { } built && !Rfc822().IsMatch(built.Value)) problems.Add($"channel: lastBuildDate \"{built.Value}\" is not RFC 822");
        var guids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, i) in channel.Elements("item").Select((e, i) => (e, i)))
        {
            var where = $"item[{i}]";
            if (item.Element("title") is not { Value.Length: > 0 } && item.Element("description") is not { Value.Length: > 0 })
                problems.Add($"{where}: neither title nor description");
            if (item.Element("description") is not { Value.Length: > 0 }) problems.Add($"{where}: no description");
            if (item.Element("guid") is not { Value.Length: > 0 } guid) problems.Add($"{where}: no guid");
            else if (!guids.Add(guid.Value)) problems.Add($"{where}: duplicate guid {guid.Value}");
            if (item.Element("pubDate") is { } date && !Rfc822().IsMatch(date.Value)) problems.Add($"{where}: pubDate \"{date.Value}\" is not RFC 822");
            if (item.Element("link") is { } link && !Uri.IsWellFormedUriString(link.Value, UriKind.Absolute)) problems.Add($"{where}: link is not absolute");
            if (item.Element("author") is { } author && !author.Value.Contains('@')) problems.Add($"{where}: author is not an e-mail address");
            if (item.Element("source") is { } source && !Uri.IsWellFormedUriString((string?)source.Attribute("url"), UriKind.Absolute))
                problems.Add($"{where}: source without an absolute url");
        }
        return problems;
    }

    /// <summary>JSON Feed 1.1: version, title, items; each item an id and content_html or content_text; absolute urls.</summary>
    public static IReadOnlyList<string> JsonFeedProblems(string json)
    {
        var problems = new List<string>();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("version", out var version) || version.GetString() != "https://jsonfeed.org/version/1.1") problems.Add("version is not 1.1");
        if (!root.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String) problems.Add("no title");
        foreach (var name in new[] { "home_page_url", "feed_url" })
            if (root.TryGetProperty(name, out var url) && !Uri.IsWellFormedUriString(url.GetString(), UriKind.Absolute)) problems.Add($"{name} is not absolute");
        if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array) return [.. problems, "no items array"];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, i) in items.EnumerateArray().Select((e, i) => (e, i)))
        {
            var where = $"items[{i}]";
            if (!item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString()!.Length == 0) problems.Add($"{where}: no id");
            else if (!ids.Add(id.GetString()!)) problems.Add($"{where}: duplicate id");
            if (!item.TryGetProperty("content_html", out _) && !item.TryGetProperty("content_text", out _)) problems.Add($"{where}: neither content_html nor content_text");
            foreach (var name in new[] { "url", "external_url" })
                if (item.TryGetProperty(name, out var url) && !Uri.IsWellFormedUriString(url.GetString(), UriKind.Absolute)) problems.Add($"{where}: {name} is not absolute");
            foreach (var name in new[] { "date_published", "date_modified" })
                if (item.TryGetProperty(name, out var date) && !DateTimeOffset.TryParseExact(date.GetString(), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    problems.Add($"{where}: {name} is not RFC 3339");
            if (item.TryGetProperty("authors", out var authors))
                foreach (var author in authors.EnumerateArray())
                    if (!author.TryGetProperty("name", out _) && !author.TryGetProperty("url", out _)) problems.Add($"{where}: an author with neither name nor url");
        }
        return problems;
    }

    /// <summary>OPML 2.0 as the W3C validator checks it (its opml.py): head/title, body outlines with text, typed outlines complete, no untyped feed-like ones.</summary>
    public static IReadOnlyList<string> OpmlProblems(string xml)
    {
        var problems = new List<string>();
        var opml = XDocument.Parse(xml).Root!;
        if (opml.Name != "opml" || (string?)opml.Attribute("version") != "2.0") return ["the root is not <opml version=\"2.0\">"];
        if (opml.Element("head")?.Element("title") is not { Value.Length: > 0 }) problems.Add("head: no title");
        if (opml.Element("head")?.Element("dateCreated") is { } created && !Rfc822().IsMatch(created.Value)) problems.Add("head: dateCreated is not RFC 822");
        var body = opml.Element("body");
        if (body?.Elements("outline").Any() != true) return [.. problems, "body: no outline"];
        foreach (var outline in body.Descendants("outline"))
        {
            var where = $"outline \"{(string?)outline.Attribute("text")}\"";
            if (outline.Attribute("text") is null) problems.Add($"{where}: no text (MissingAttribute)");
            var type = ((string?)outline.Attribute("type"))?.ToLowerInvariant();
            switch (type)
            {
                case "rss":
                    if (!Uri.IsWellFormedUriString((string?)outline.Attribute("xmlUrl"), UriKind.Absolute)) problems.Add($"{where}: type rss without an absolute xmlUrl (MissingXmlURL)");
                    if (outline.Attribute("title") is null) problems.Add($"{where}: type rss without title (MissingTitleAttr)");
                    break;
                case "link":
                    if (!Uri.IsWellFormedUriString((string?)outline.Attribute("url"), UriKind.Absolute)) problems.Add($"{where}: type link without url (MissingUrlAttr)");
                    break;
                case null:
                    if (outline.Attributes().Count() > 1 && outline.Attributes().Any(a => a.Name.LocalName is "description" or "htmlUrl" or "language" or "title" or "version" or "xmlUrl"))
                        problems.Add($"{where}: attributes of a feed but no type (MissingOutlineType)");
                    break;
                default:
                    problems.Add($"{where}: type \"{type}\" (InvalidOutlineType)");
                    break;
            }
        }
        return problems;
    }

    private static void ExactlyOne(XElement parent, string where, List<string> problems, params string[] names)
    {
        foreach (var name in names)
        {
            var count = parent.Elements(Atom + name).Count();
            if (count != 1) problems.Add($"{where}: {count} {name} elements, not 1");
            else if (parent.Element(Atom + name)!.Value.Trim().Length == 0) problems.Add($"{where}: empty {name}");
        }
    }

    private static void CheckDate(XElement? date, string where, List<string> problems)
    {
        if (date is not null && !Rfc3339().IsMatch(date.Value)) problems.Add($"{where}: \"{date.Value}\" is not an RFC 3339 date in UTC");
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d (GMT|[+-]\d{4})$")]
    private static partial Regex Rfc822();
}
