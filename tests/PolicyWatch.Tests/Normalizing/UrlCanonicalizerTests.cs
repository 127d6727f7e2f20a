using PolicyWatch.Normalizing;

namespace PolicyWatch.Tests.Normalizing;

public sealed class UrlCanonicalizerTests
{
    private static readonly Uri Feed = new("https://news.example.org/feeds/policy/rss.xml");

    [Theory]
    [InlineData("HTTPS://WWW.Example.ORG/Story/One", "https://www.example.org/Story/One")]
    [InlineData("https://example.org/a#comments", "https://example.org/a")]
    [InlineData("https://example.org:443/a", "https://example.org/a")]
    [InlineData("http://example.org:80/a", "http://example.org/a")]
    [InlineData("http://example.org:8080/a", "http://example.org:8080/a")]
    [InlineData("https://example.org", "https://example.org/")]
    [InlineData("https://example.org/a?", "https://example.org/a")]
    [InlineData("https://example.org./a", "https://example.org/a")]
    [InlineData("  https://example.org/a\n", "https://example.org/a")]
    [InlineData("https://bücher.example/a", "https://xn--bcher-kva.example/a")]
    [InlineData("http://[::1]:8080/a", "http://[::1]:8080/a")]
    public void Scheme_host_port_and_fragment(string url, string expected) => Assert.Equal(expected, UrlCanonicalizer.Canonicalize(url));

    [Theory]
    [InlineData("https://example.org/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://example.org/a")]
    [InlineData("https://example.org/a?id=7&utm_source=rss&page=2", "https://example.org/a?id=7&page=2")]
    [InlineData("https://example.org/a?page=2&id=7", "https://example.org/a?page=2&id=7")]
    [InlineData("https://example.org/a?UTM_Source=x&fbclid=1&gclid=2&msclkid=3&mc_cid=4&mc_eid=5", "https://example.org/a")]
    [InlineData("https://www.theguardian.com/a?CMP=share_btn_tw", "https://www.theguardian.com/a")]
    [InlineData("https://www.bbc.co.uk/news/a?at_medium=RSS&at_campaign=KARANGA", "https://www.bbc.co.uk/news/a")]
    [InlineData("https://example.org/a?utm%5Fsource=rss&q=chat%20control", "https://example.org/a?q=chat%20control")]
    [InlineData("https://example.org/a?&&id=1&&", "https://example.org/a?id=1")]
    [InlineData("https://example.org/a?flag&utm_source=x", "https://example.org/a?flag")]
    [InlineData("https://example.org/search?q=utm_source", "https://example.org/search?q=utm_source")]
    public void Tracking_parameters_go_and_the_rest_keep_their_order(string url, string expected) =>
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(url));

    [Fact]
    public void The_same_story_from_two_sources_has_one_form() =>
        Assert.Equal(
            UrlCanonicalizer.Canonicalize("https://Example.org/eu/csam?utm_source=twitter#top"),
            UrlCanonicalizer.Canonicalize("https://example.org:443/eu/csam?fbclid=abc"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("//example.org/a")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:a@example.org")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://")]
    [InlineData("http://exa mple.org/")]
    [InlineData("https://[::1/")]
    [InlineData("\0\u0001")]
    public void Junk_gives_null_without_throwing(string? url) => Assert.Null(UrlCanonicalizer.Canonicalize(url));

    [Fact]
    public void Very_long_urls_give_null() =>
        Assert.Null(UrlCanonicalizer.Canonicalize("https://example.org/" + new string('a', 10_000)));

    [Theory]
    [InlineData("https://example.org/a#x", "https://example.org/a#x")]
    [InlineData("/eu/dsa", "https://news.example.org/eu/dsa")]
    [InlineData("story.html", "https://news.example.org/feeds/policy/story.html")]
    [InlineData("//cdn.example.net/a", "https://cdn.example.net/a")]
    [InlineData("\\\\cdn.example.net\\a", "https://cdn.example.net/a")]
    [InlineData(" \n https://example.org/a \n", "https://example.org/a")]
    [InlineData("https://example.org/long\n/path", "https://example.org/long/path")]
    public void Absolute_resolves_against_the_document(string link, string expected) =>
        Assert.Equal(expected, UrlCanonicalizer.Absolute(link, Feed));

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:a@example.org")]
    [InlineData("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a")]
    [InlineData("tag:example.org,2024:item-1")]
    [InlineData("file:///etc/passwd")]
    public void Absolute_refuses_what_is_not_a_web_page(string? link) => Assert.Null(UrlCanonicalizer.Absolute(link, Feed));

    [Fact]
    public void Absolute_needs_an_http_document_for_relative_links()
    {
        Assert.Null(UrlCanonicalizer.Absolute("/a", null));
        Assert.Null(UrlCanonicalizer.Absolute("/a", new Uri("file:///feeds/local.xml")));
        Assert.Equal("https://example.org/a", UrlCanonicalizer.Absolute("https://example.org/a", new Uri("file:///feeds/local.xml")));
    }
}
