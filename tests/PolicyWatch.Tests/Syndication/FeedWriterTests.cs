using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using PolicyWatch.Parsing;
using PolicyWatch.Syndication;

namespace PolicyWatch.Tests.Syndication;

/// <summary>Each format, read back by our own parser, says what we wrote; and each follows its spec's rules.</summary>
public sealed class FeedWriterTests
{
    private static readonly Uri Site = new("https://pw.example/");
    private static readonly DateTimeOffset Published = new(2024, 5, 28, 9, 30, 0, TimeSpan.Zero);

    private static FeedDocument Document(string title = "Council debates chat control & encryption") => new(
        Id: "tag:policywatch.invalid,2025:feed/jurisdiction=eu",
        Title: "PolicyWatch: European Union",
        Subtitle: "The newest items",
        SelfUrl: new Uri(Site, "feeds/j/eu.atom"),
        HomeUrl: new Uri(Site, "j/eu"),
        Updated: Published.AddHours(2),
        Entries:
        [
            new FeedEntry("tag:policywatch.invalid,2025:item/1", title, new Uri("https://news.example/a"), new Uri(Site, "items/1"),
                Published, Published.AddHours(2), ["Jane Doe", "Rachel Griffin"], "<p>Summary <b>bold</b> &amp; more</p>", "Summary bold & more",
                [new FeedCategory("eu", "European Union", new Uri(Site, "j/")), new FeedCategory("eu-csam-regulation", "EU CSAM Regulation", new Uri(Site, "dossiers/"))],
                new EntrySource("tag:policywatch.invalid,2025:source/edri", "EDRi", new Uri("https://edri.org/feed/"), new Uri("https://edri.org/"), Published.AddHours(1))),
            new FeedEntry("tag:policywatch.invalid,2025:item/2", "Second", null, new Uri(Site, "items/2"),
                Published.AddDays(-1), Published.AddDays(-1), [], null, null, [], null),
        ]);

    private static async Task<(byte[] Bytes, ParsedFeed Parsed)> WriteAsync(SyndicationFormat format, FeedDocument document)
    {
        using var output = new MemoryStream();
        await format.WriteAsync(document, output);
        var bytes = output.ToArray();
        return (bytes, FeedParser.Parse(bytes, format.ContentType(), document.SelfUrl));
    }

    [Theory]
    [InlineData(SyndicationFormat.Atom, "atom10")]
    [InlineData(SyndicationFormat.Rss, "rss20")]
    [InlineData(SyndicationFormat.Json, "json")]
    public async Task Every_format_round_trips_through_our_parser(SyndicationFormat format, string parsedFormat)
    {
        var (_, parsed) = await WriteAsync(format, Document());

        Assert.False(parsed.Bozo, parsed.BozoReason);
        Assert.Equal(parsedFormat, parsed.Format);
        Assert.Equal("PolicyWatch: European Union", parsed.Feed.Title);
        Assert.Equal("https://pw.example/j/eu", parsed.Feed.Link);
        Assert.Equal(2, parsed.Entries.Count);
        var first = parsed.Entries[0];
        Assert.Equal("tag:policywatch.invalid,2025:item/1", first.Id);
        Assert.Equal("Council debates chat control & encryption", first.Title);
        Assert.Equal(format == SyndicationFormat.Json ? "https://pw.example/items/1" : "https://news.example/a", first.Link);
        Assert.Equal(Published, first.Published?.Value);
        if (format != SyndicationFormat.Rss) Assert.Equal(Published.AddHours(2), first.Updated?.Value);
        // Every author, in order: Atom one author element each, RSS one dc:creator each, JSON Feed one authors entry each.
        Assert.Equal(["Jane Doe", "Rachel Griffin"], first.Authors);
        Assert.Contains("eu", first.Categories);
        Assert.Contains("eu-csam-regulation", first.Categories);
        Assert.Contains("<b>bold</b>", first.Summary + first.Content);
        Assert.Equal("https://pw.example/items/2", parsed.Entries[1].Link);
    }

    [Fact]
    public async Task Atom_has_the_required_elements_unique_ids_rfc3339_dates_and_absolute_links()
    {
        var (bytes, _) = await WriteAsync(SyndicationFormat.Atom, Document());
        XNamespace a = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(Encoding.UTF8.GetString(bytes)).Root!;

        Assert.Equal(a + "feed", feed.Name);
        foreach (var name in new[] { "id", "title", "updated", "author" }) Assert.NotNull(feed.Element(a + name));
        Assert.Equal("https://pw.example/feeds/j/eu.atom", feed.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value);
        var entries = feed.Elements(a + "entry").ToList();
        Assert.Equal(entries.Count, entries.Select(e => e.Element(a + "id")!.Value).Distinct().Count());
        foreach (var entry in entries)
        {
            foreach (var name in new[] { "id", "title", "updated" }) Assert.NotNull(entry.Element(a + name));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", entry.Element(a + "updated")!.Value);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", entry.Element(a + "published")!.Value);
            Assert.All(entry.Elements(a + "link"), l => Assert.True(Uri.IsWellFormedUriString(l.Attribute("href")!.Value, UriKind.Absolute)));
        }
        var first = entries[0];
        Assert.Equal("https://pw.example/items/1", first.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "related").Attribute("href")!.Value);
        Assert.Equal("html", first.Element(a + "summary")!.Attribute("type")!.Value);
        var source = first.Element(a + "source")!;
        Assert.Equal("EDRi", source.Element(a + "title")!.Value);
        Assert.Equal("2024-05-28T10:30:00Z", source.Element(a + "updated")!.Value);
        Assert.Equal("https://edri.org/", source.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!.Value);
        Assert.Equal("https://edri.org/feed/", source.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value);
        Assert.Equal("European Union", first.Elements(a + "category").First().Attribute("label")!.Value);
    }

    [Fact]
    public async Task Rss_has_rfc822_dates_non_permalink_guids_source_and_categories()
    {
        var (bytes, _) = await WriteAsync(SyndicationFormat.Rss, Document());
        var channel = XDocument.Parse(Encoding.UTF8.GetString(bytes)).Root!.Element("channel")!;
        var item = channel.Elements("item").First();

        Assert.Equal("Tue, 28 May 2024 09:30:00 GMT", item.Element("pubDate")!.Value);
        Assert.Equal("false", item.Element("guid")!.Attribute("isPermaLink")!.Value);
        Assert.Equal("https://edri.org/feed/", item.Element("source")!.Attribute("url")!.Value);
        Assert.Equal(["eu", "eu-csam-regulation"], item.Elements("category").Select(c => c.Value));
        Assert.Matches(@"^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$", channel.Element("lastBuildDate")!.Value);
    }

    [Fact]
    public async Task Json_feed_has_version_urls_and_items_with_ids()
    {
        var (bytes, _) = await WriteAsync(SyndicationFormat.Json, Document());
        var root = JsonDocument.Parse(bytes).RootElement;

        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.Equal("https://pw.example/feeds/j/eu.atom", root.GetProperty("feed_url").GetString());
        var item = root.GetProperty("items")[0];
        Assert.Equal("https://news.example/a", item.GetProperty("external_url").GetString());
        Assert.Equal("2024-05-28T11:30:00Z", item.GetProperty("date_modified").GetString());
        Assert.Equal("Jane Doe", item.GetProperty("authors")[0].GetProperty("name").GetString());
        Assert.All(root.GetProperty("items").EnumerateArray(), i => Assert.False(string.IsNullOrEmpty(i.GetProperty("id").GetString())));
    }

    [Theory]
    [InlineData(SyndicationFormat.Atom)]
    [InlineData(SyndicationFormat.Rss)]
    [InlineData(SyndicationFormat.Json)]
    public async Task Characters_illegal_in_xml_are_stripped(SyndicationFormat format)
    {
        var (_, parsed) = await WriteAsync(format, Document("Bell\u0007 and\u0000 null \uFFFE, lone \uD800 surrogate, emoji 🔒 <kept>"));

        Assert.False(parsed.Bozo, parsed.BozoReason);
        Assert.Equal("Bell and null , lone  surrogate, emoji 🔒 <kept>", parsed.Entries[0].Title);
    }
}
