using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PolicyWatch.Parsing;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Parsing;

/// <summary>Documents written to attack XML parsers: nothing is fetched, nothing explodes, nothing hangs.</summary>
public sealed class HostileInputTests
{
    [Fact]
    public void Billion_laughs_is_refused_quickly_with_bozo_and_the_item_still_read()
    {
        var body = File.ReadAllBytes(TestPaths.TestData("Parsing", "testdata", "golden", "billion_laughs.xml"));
        var clock = Stopwatch.StartNew();
        // This thread's allocations only: the parse runs on it, while the process's total counts every test running
        // in parallel (a CI run failed this check on other tests' allocations).
        var before = GC.GetAllocatedBytesForCurrentThread();

        var feed = FeedParser.Parse(body, null, null);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 200_000_000, $"entity expansion was not bounded: {allocated:N0} bytes allocated");
        Assert.True(feed.Bozo);
        Assert.Contains("entit", feed.BozoReason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("http://example.org/lol", Assert.Single(feed.Entries).Link);
    }

    [Fact]
    public void External_entities_and_dtds_are_never_fetched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var secret = Path.Combine(Path.GetTempPath(), $"policywatch-secret-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "SECRET-FROM-DISK");
        try
        {
            var document = $"""
                <?xml version="1.0"?>
                <!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/rss.dtd" [
                  <!ENTITY net SYSTEM "http://127.0.0.1:{port}/entity">
                  <!ENTITY disk SYSTEM "{new Uri(secret).AbsoluteUri}">
                ]>
                <rss version="2.0"><channel><title>t &net; &disk;</title>
                <item><title>still read</title></item></channel></rss>
                """;

            var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(document), null, new Uri($"http://127.0.0.1:{port}/feed.xml"));

            Assert.False(listener.Pending(), "the parser connected to the address named by an external entity or DTD");
            Assert.DoesNotContain("SECRET", ParsedFeedJson.ToJson(feed), StringComparison.Ordinal);
            Assert.Equal("still read", Assert.Single(feed.Entries).Title);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void An_empty_document_is_refused_with_a_reason(string body)
    {
        var error = Assert.Throws<FeedParseException>(() => FeedParser.Parse(Encoding.UTF8.GetBytes(body), null, null));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_html_page_is_refused_with_a_reason()
    {
        var page = "<!DOCTYPE html><html><head><title>Not a feed</title></head><body><p>Hello &nbsp; <br></body></html>";
        var error = Assert.Throws<FeedParseException>(() => FeedParser.Parse(Encoding.UTF8.GetBytes(page), "text/html", null));
        Assert.Contains("HTML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_xml_at_all_is_refused()
    {
        Assert.Throws<FeedParseException>(() => FeedParser.Parse("just some words"u8, null, null));
    }

    [Fact]
    public void A_well_formed_feed_is_never_bozo()
    {
        var feed = FeedParser.Parse("<rss version=\"2.0\"><channel><title>ok</title></channel></rss>"u8, "application/rss+xml; charset=utf-8", null);
        Assert.False(feed.Bozo);
        Assert.Null(feed.BozoReason);
    }

    // The tests below bound the parse rather than time it (speed is measured only in the benchmarks): each
    // document is read in well under a second, while the parser they were written against took minutes or
    // hours, or overflowed the stack.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static Task<ParsedFeed> ParseWithinBound(string document) =>
        Task.Run(() => FeedParser.Parse(Encoding.UTF8.GetBytes(document), null, null)).WaitAsync(Bound);

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    /// <summary>Eight levels of sixteen references each, ending in an entity that adds nothing: four billion expansions, no characters.</summary>
    private static string EmptyLaughs(string title) =>
        "<!DOCTYPE rss [<!ENTITY e0 \"\">" +
        string.Concat(Enumerable.Range(1, 8).Select(level => $"<!ENTITY e{level} \"{Repeat($"&e{level - 1};", 16)}\">")) + "]>" +
        $"<rss version=\"2.0\"><channel><item><title>{title}</title><link>http://example.org/lol</link></item></channel></rss>";

    [Theory]
    [InlineData("&e8;")]
    [InlineData("&nbsp;&e8;")]
    public async Task Billion_laughs_of_empty_entities_is_refused_and_the_item_still_read(string title)
    {
        var feed = await ParseWithinBound(EmptyLaughs(title));

        Assert.True(feed.Bozo);
        Assert.Equal("http://example.org/lol", Assert.Single(feed.Entries).Link);
        Assert.Null(feed.Entries[0].Title);
    }

    [Fact]
    public void Entities_that_refer_to_others_within_the_budget_are_expanded()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(
            "<!DOCTYPE rss [<!ENTITY org \"PolicyWatch\"><!ENTITY team \"the &org; team\">]>" +
            "<rss version=\"2.0\"><channel><item><title>News from &team;</title><description>&team; &amp; &nbsp;</description></item></channel></rss>"), null, null);

        Assert.True(feed.Bozo);
        Assert.Equal("News from the PolicyWatch team", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public async Task A_million_references_to_a_large_entity_are_refused_past_the_budget()
    {
        var feed = await ParseWithinBound(
            $"<!DOCTYPE rss [<!ENTITY big \"{new string('x', 900_000)}\">]>" +
            $"<rss version=\"2.0\"><channel><item><title>t</title><description>{Repeat("&big;", 1_000_000)}</description></item></channel></rss>");

        Assert.True(feed.Bozo);
        Assert.Equal("t", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public async Task An_entity_of_a_million_ampersands_is_refused()
    {
        var feed = await ParseWithinBound(
            $"<!DOCTYPE rss [<!ENTITY amps \"{new string('&', 1_000_000)};\">]><rss version=\"2.0\"><channel><item><title>t &amps;</title></item></channel></rss>");

        Assert.True(feed.Bozo);
        Assert.Single(feed.Entries);
    }

    [Fact]
    public async Task A_prolog_of_four_hundred_thousand_doctypes_is_skipped()
    {
        var feed = await ParseWithinBound(Repeat("<!DOCTYPE rss>", 400_000) + "<rss version=\"2.0\"><channel><item><title>t</title></item></channel></rss>");

        Assert.True(feed.Bozo);
        Assert.Equal("t", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public async Task Channels_nested_a_hundred_thousand_deep_do_not_overflow_the_stack()
    {
        var feed = await ParseWithinBound(
            $"<rss version=\"2.0\"><channel><item><title>t</title></item>{Repeat("<channel>", 100_000)}{Repeat("</channel>", 100_000)}</channel></rss>");

        Assert.Equal("t", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public async Task Media_groups_nested_a_hundred_thousand_deep_do_not_overflow_the_stack()
    {
        var feed = await ParseWithinBound(
            "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><item><title>t</title>" +
            $"<media:group><media:content url=\"http://example.org/a.mp4\"/>{Repeat("<media:group>", 100_000)}{Repeat("</media:group>", 100_000)}</media:group>" +
            "</item></channel></rss>");

        Assert.Equal("http://example.org/a.mp4", Assert.Single(Assert.Single(feed.Entries).Enclosures).Url);
    }

    [Fact]
    public async Task Atom_xhtml_content_nested_a_hundred_thousand_deep_is_read()
    {
        var feed = await ParseWithinBound(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">" +
            $"{Repeat("<div>", 100_000)}deep{Repeat("</div>", 100_000)}</div></content></entry></feed>");

        Assert.Contains("deep", Assert.Single(feed.Entries).Content, StringComparison.Ordinal);
    }
}
