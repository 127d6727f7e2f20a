using System.Security;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyWatch.Parsing;

namespace PolicyWatch.Tests.Parsing;

/// <summary>
/// Every text field of RSS, Atom and JSON Feed, filled with megabytes of what makes parsers slow: a date that
/// never ends, long runs of spaces, deep nesting, ampersands that start no reference, one long word before an
/// "@", and tags and quotes that never close. The parse finishes and keeps the entry.
/// </summary>
/// <remarks>
/// Speed is measured only in the benchmarks. These tests bound the parse instead: it runs under a limit of
/// 30 seconds, which linear parsing meets many times over on any machine, and which quadratic parsing of a
/// value this size misses by minutes. A regression fails by timeout, not by a timing assertion.
/// </remarks>
public sealed class HostileFieldTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    /// <summary>About 1.8 million characters; the parts that used to be quadratic come last, so that no "&gt;" closes their tags.</summary>
    private static readonly string Hostile = string.Concat(
        "2024-01-01T00:00:00.", new string('1', 100_000), // a date whose fraction never ends
        new string(' ', 200_000),
        Repeat("<div>", 40_000),
        Repeat("&a", 100_000),
        new string('a', 500_000), "@", // the e-mail pattern tried every position of a long word
        Repeat("<a ", 100_000), // each unclosed tag was read to the end again
        Repeat("<a x='", 50_000));

    private static readonly string InXml = SecurityElement.Escape(Hostile);

    private static readonly string InJson = JsonSerializer.Serialize(Hostile, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static TheoryData<string> RssFields =>
    [
        "<title>{0}</title>",
        "<description>{0}</description>",
        "<description><![CDATA[{0}]]></description>",
        "<content:encoded>{0}</content:encoded>",
        "<author>{0}</author>",
        "<dc:creator>{0}</dc:creator>",
        "<link>{0}</link>",
        "<guid>{0}</guid>",
        "<category>{0}</category>",
        "<pubDate>{0}</pubDate>",
        "<dc:date>{0}</dc:date>",
        "<enclosure url=\"{0}\" type=\"audio/mpeg\" length=\"1\"/>",
        "<enclosure url=\"https://example.org/a.mp3\" type=\"{0}\" length=\"{0}\"/>",
    ];

    public static TheoryData<string> AtomFields =>
    [
        "<title type=\"html\">{0}</title>",
        "<summary type=\"html\">{0}</summary>",
        "<content type=\"html\">{0}</content>",
        "<content type=\"text\">{0}</content>",
        "<author><name>{0}</name></author>",
        "<author><name>Jo</name><email>{0}</email></author>",
        "<contributor><name>{0}</name></contributor>",
        "<link href=\"{0}\"/>",
        "<link rel=\"enclosure\" href=\"https://example.org/a.mp3\" type=\"{0}\" length=\"{0}\"/>",
        "<id>{0}</id>",
        "<category term=\"{0}\"/>",
        "<published>{0}</published>",
        "<updated>{0}</updated>",
    ];

    public static TheoryData<string> JsonFields =>
    [
        "\"title\": {0}",
        "\"summary\": {0}",
        "\"content_html\": {0}",
        "\"content_text\": {0}",
        "\"author\": {{ \"name\": {0} }}",
        "\"authors\": [{{ \"name\": {0} }}]",
        "\"url\": {0}",
        "\"external_url\": {0}",
        "\"id\": {0}",
        "\"tags\": [{0}]",
        "\"date_published\": {0}",
        "\"date_modified\": {0}",
        "\"attachments\": [{{ \"url\": {0}, \"mime_type\": {0} }}]",
        "\"image\": {0}",
    ];

    // The ill-formed channel title after the item makes strict reading fail only once it has read the item,
    // so the hostile field goes through both readings and the repair between them.
    [Theory]
    [MemberData(nameof(RssFields))]
    public async Task A_hostile_rss_field_still_yields_its_item(string field)
    {
        var feed = await ParseWithinBound(
            "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>" +
            $"<item>{Fill(field, InXml, Hostile)}</item><title>&nbsp;</title></channel></rss>");

        Assert.True(feed.Bozo);
        Assert.Single(feed.Entries);
    }

    [Theory]
    [MemberData(nameof(AtomFields))]
    public async Task A_hostile_atom_field_still_yields_its_entry(string field)
    {
        var feed = await ParseWithinBound(
            $"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>{Fill(field, InXml, Hostile)}</entry><subtitle>&nbsp;</subtitle></feed>");

        Assert.True(feed.Bozo);
        Assert.Single(feed.Entries);
    }

    [Theory]
    [MemberData(nameof(JsonFields))]
    public async Task A_hostile_json_feed_field_still_yields_its_item(string field)
    {
        var feed = await ParseWithinBound(
            $$"""{ "version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [ { {{string.Format(field, InJson)}} } ] }""");

        Assert.Single(feed.Entries);
    }

    [Fact]
    public async Task An_item_with_a_hundred_and_fifty_thousand_authors_keeps_them_all()
    {
        var creators = string.Concat(Enumerable.Range(0, 150_000).Select(i => $"<dc:creator>a{i}</dc:creator>"));

        var feed = await ParseWithinBound(
            $"<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><item>{creators}<dc:creator>a0</dc:creator></item></channel></rss>");

        Assert.Equal(150_000, Assert.Single(feed.Entries).Authors.Count);
    }

    [Fact]
    public async Task An_item_with_a_hundred_and_fifty_thousand_enclosures_keeps_them_all()
    {
        var enclosures = string.Concat(Enumerable.Range(0, 150_000).Select(i => $"<enclosure url=\"https://example.org/{i}\"/>"));

        var feed = await ParseWithinBound(
            $"<rss version=\"2.0\"><channel><item>{enclosures}<enclosure url=\"https://example.org/0\"/></item></channel></rss>");

        Assert.Equal(150_000, Assert.Single(feed.Entries).Enclosures.Count);
    }

    [Fact]
    public async Task Thirty_thousand_json_feed_items_take_the_feeds_thirty_thousand_authors()
    {
        var authors = string.Join(",", Enumerable.Range(0, 30_000).Select(i => $"{{ \"name\": \"a{i}\" }}"));
        var items = string.Join(",", Enumerable.Range(0, 30_000).Select(i => $"{{ \"id\": \"{i}\" }}"));

        var feed = await ParseWithinBound($$"""{ "version": "https://jsonfeed.org/version/1.1", "authors": [{{authors}}], "items": [{{items}}] }""");

        Assert.Equal(30_000, feed.Entries.Count);
        Assert.All(feed.Entries, entry => Assert.Equal(30_000, entry.Authors.Count));
    }

    // Each relative link resolved grows by its base: a base tens of kilobytes long turned twenty thousand one-letter
    // links into a gigabyte of URLs.
    [Fact]
    public async Task An_xml_base_too_long_to_be_a_base_is_ignored()
    {
        var entries = Repeat("<entry><link href=\"x\"/></entry>", 20_000);

        var feed = await ParseWithinBound(
            $"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://example.org/{new string('a', 60_000)}/\">{entries}</feed>");

        Assert.Equal(20_000, feed.Entries.Count);
        Assert.All(feed.Entries, entry => Assert.Equal("https://example.org/x", entry.Link));
    }

    // Each relative URL in HTML grows by its base: a hundred thousand one-letter links under a 2 KB xml:base made
    // 200 MB of content and took seconds. Resolving may add no more than the value's own length, and 64 KB.
    [Fact]
    public async Task Resolving_the_links_of_inline_markup_at_most_doubles_it()
    {
        var links = Repeat("<a href=\"x\"/>", 100_000);

        var feed = await ParseWithinBound(
            $"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://example.org/{new string('a', 2_000)}/\"><entry>" +
            $"<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">{links}</div></content></entry></feed>");

        var content = Assert.Single(feed.Entries).Content!;
        var unresolved = 100_000 * "<a href=\"x\"></a>".Length;
        Assert.InRange(content.Length, unresolved, 2 * unresolved + 65_536);
        Assert.StartsWith($"<a href=\"https://example.org/{new string('a', 2_000)}/x\"></a>", content);
    }

    [Fact]
    public async Task Resolving_the_links_of_escaped_html_at_most_doubles_it()
    {
        var links = Repeat("&lt;a href=x&gt;", 100_000);

        var feed = await ParseWithinBound(
            $"<rss version=\"2.0\"><channel><link>https://example.org/{new string('a', 2_000)}/</link><item><description>{links}</description></item></channel></rss>");

        var summary = Assert.Single(feed.Entries).Summary!;
        var unresolved = 100_000 * "<a href=\"x\">".Length;
        Assert.InRange(summary.Length, unresolved, unresolved + links.Length + 65_536);
        Assert.StartsWith($"<a href=\"https://example.org/{new string('a', 2_000)}/x\">", summary);
    }

    [Fact]
    public async Task Relative_links_are_not_resolved_against_a_document_url_too_long_to_be_a_base()
    {
        var items = Repeat("<item><link>x</link></item>", 20_000);
        var documentUrl = new Uri($"https://example.org/{new string('a', 60_000)}/feed");

        var feed = await Task.Run(() => FeedParser.Parse(Encoding.UTF8.GetBytes($"<rss version=\"2.0\"><channel>{items}</channel></rss>"), null, documentUrl))
            .WaitAsync(Bound);

        Assert.Equal(20_000, feed.Entries.Count);
        Assert.All(feed.Entries, entry => Assert.Equal("x", entry.Link));
    }

    /// <summary>The field with the escaped hostile value in its place; CDATA takes the value as it is.</summary>
    private static string Fill(string field, string escaped, string raw) =>
        string.Format(field, field.Contains("CDATA", StringComparison.Ordinal) ? raw : escaped);

    private static Task<ParsedFeed> ParseWithinBound(string document) =>
        Task.Run(() => FeedParser.Parse(Encoding.UTF8.GetBytes(document), null, new Uri("https://example.org/feed"))).WaitAsync(Bound);
}
