using System.Text;
using PolicyWatch.Parsing;

namespace PolicyWatch.Tests.Parsing.Rss;

/// <summary>
/// What an RSS item's relative links resolve against: the xml:base in scope, else the channel's link, else the
/// document's address (the whole links, enclosures and HTML are in testdata/golden/relative_urls*.rss.xml).
/// </summary>
public sealed class ItemBaseTests
{
    private static readonly Uri Document = new("https://feeds.example.org/proxy/feed.xml");

    private static ParsedFeed Parse(string channelLink, string item) => FeedParser.Parse(Encoding.UTF8.GetBytes($"""
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
        <channel><title>t</title><link>{channelLink}</link><atom:link rel="next" href="feed.xml?page=2"/><item>{item}</item></channel></rss>
        """), null, Document);

    [Fact]
    public void Images_resolve_against_the_channel_link_like_the_item_link()
    {
        var entry = Assert.Single(Parse("https://www.example.net/news/",
            "<link>a.html</link><media:thumbnail url=\"t.jpg\"/>").Entries);
        var podcast = Assert.Single(Parse("https://www.example.net/news/", "<itunes:image href=\"cover.png\"/>").Entries);

        Assert.Equal("https://www.example.net/news/a.html", entry.Link);
        Assert.Equal("https://www.example.net/news/t.jpg", entry.ImageUrl);
        Assert.Equal("https://www.example.net/news/cover.png", podcast.ImageUrl);
    }

    [Fact]
    public void The_feeds_own_links_stay_with_the_document()
    {
        var feed = Parse("https://www.example.net/news/", "<link>a.html</link>");

        Assert.Equal("https://feeds.example.org/proxy/feed.xml?page=2", feed.Feed.Relations["next"]);
    }

    [Theory]
    [InlineData("ftp://files.example.net/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:editor@example.net")]
    public void A_channel_link_that_is_not_http_is_no_base(string channelLink) =>
        Assert.Equal("https://feeds.example.org/proxy/a.html", Assert.Single(Parse(channelLink, "<link>a.html</link>").Entries).Link);

    // Every relative link resolved grows by its base (FeedUrls.MaxBaseLength): a channel link as long as a document
    // is no base, whatever it says.
    [Fact]
    public void A_channel_link_too_long_to_be_a_base_is_no_base() =>
        Assert.Equal("https://feeds.example.org/proxy/a.html",
            Assert.Single(Parse($"https://www.example.net/{new string('a', 60_000)}/", "<link>a.html</link>").Entries).Link);
}
