using System.Text;
using PolicyWatch.Parsing;

namespace PolicyWatch.Tests.Parsing;

/// <summary>
/// Half of a surrogate pair, written as an escape or a character reference, cannot become a string: the
/// feed keeps its entry, with U+FFFD in JSON (as a decoder writes for a bad byte) and without the
/// character in XML (as for every character reference XML forbids).
/// </summary>
public sealed class LoneSurrogateTests
{
    private static ParsedFeed Json(string item) => FeedParser.Parse(Encoding.UTF8.GetBytes(
        """{ "version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [ { "id": "1", """ + item + " } ] }"), null, null);

    [Theory]
    [InlineData(@"\ud800 x", "\uFFFD x")]
    [InlineData(@"x \udc00", "x \uFFFD")]
    [InlineData(@"\ud800\ud800\udc00", "\uFFFD\U00010000")]
    [InlineData(@"\udc00\ud800", "\uFFFD\uFFFD")]
    [InlineData(@"\ud83d\ude00 kept", "\U0001F600 kept")]
    [InlineData(@"\\ud800 is text", @"\ud800 is text")]
    [InlineData(@"\"" \ud800", "\" \uFFFD")]
    public void A_lone_surrogate_in_a_json_string_becomes_the_replacement_character(string escaped, string expected)
    {
        var feed = Json($"\"title\": \"{escaped}\"");

        Assert.Equal(expected, Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public void Every_json_field_takes_a_lone_surrogate()
    {
        var feed = Json("""
            "title": "t\ud800", "summary": "s\ud800", "content_html": "c\ud800", "url": "https://example.org/\ud800",
            "date_published": "2024-01-01T00:00:00Z\ud800", "tags": ["\udc00"], "authors": [{ "name": "Jo\ud800" }],
            "attachments": [{ "url": "https://example.org/a\ud800.mp3", "mime_type": "audio/\ud800" }]
            """);

        var entry = Assert.Single(feed.Entries);
        Assert.Equal(("t\uFFFD", "s\uFFFD", "c\uFFFD"), (entry.Title, entry.Summary, entry.Content));
        Assert.Equal(["\uFFFD"], entry.Categories);
        Assert.Equal(["Jo\uFFFD"], entry.Authors);
        Assert.Equal("audio/\uFFFD", Assert.Single(entry.Enclosures).Type);
        Assert.Equal("2024-01-01T00:00:00Z\uFFFD", entry.Published!.Raw);
    }

    [Fact]
    public void A_lone_surrogate_in_a_property_name_loses_nothing()
    {
        var feed = Json("""
            "\ud800": 1, "title": "kept"
            """);

        Assert.Equal("kept", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public void Quotes_in_json_comments_do_not_hide_a_lone_surrogate()
    {
        var feed = Json("""
            /* a " in a comment */ "title": "\ud800", // and "another
            "summary": "\udc00"
            """);

        var entry = Assert.Single(feed.Entries);
        Assert.Equal(("\uFFFD", "\uFFFD"), (entry.Title, entry.Summary));
    }

    [Theory]
    [InlineData("&#xD800;")]
    [InlineData("&#xdfff;")]
    [InlineData("&#55296;")]
    [InlineData("&#x0000D800;")]
    public void A_character_reference_to_a_lone_surrogate_in_xml_is_dropped_and_the_entry_kept(string reference)
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(
            $"<rss version=\"2.0\"><channel><item><title>a{reference}b</title><enclosure url=\"https://example.org/{reference}a.mp3\" type=\"audio/mpeg\"/></item></channel></rss>"),
            null, null);

        var entry = Assert.Single(feed.Entries);
        Assert.True(feed.Bozo);
        Assert.Equal("ab", entry.Title);
        Assert.Equal("https://example.org/a.mp3", Assert.Single(entry.Enclosures).Url);
    }

    [Fact]
    public void A_character_reference_to_a_lone_surrogate_in_an_atom_xhtml_content_is_dropped()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p title=\"&#xD800;\">a&#xDC00;b</p></div></content></entry></feed>"),
            null, null);

        Assert.Equal("<p title=\"\">ab</p>", Assert.Single(feed.Entries).Content);
    }
}
