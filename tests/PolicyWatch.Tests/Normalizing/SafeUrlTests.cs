using PolicyWatch.Normalizing;

namespace PolicyWatch.Tests.Normalizing;

public sealed class SafeUrlTests
{
    private static readonly Uri Base = new("https://news.example.org/feeds/rss.xml");

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JAVASCRIPT:alert(1)")]
    [InlineData("java\0script:alert(1)")]
    [InlineData("java\uFFFDscript:alert(1)")]
    [InlineData("\u0001\u0002javascript:alert(1)")]
    [InlineData("java\tscr\nipt\r:alert(1)")]
    [InlineData("java\u200Bscript:alert(1)")]
    [InlineData("java\u00ADscript:alert(1)")]
    [InlineData("java\u202Escript:alert(1)")]
    [InlineData(" \u00A0javascript:alert(1)")]
    [InlineData("java script:alert(1)")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.org/")]
    [InlineData("ht tp://example.org/")]
    [InlineData("#fragment")]
    [InlineData("")]
    public void Refused_for_links(string value) => Assert.Null(SafeUrl.Resolve(value, Base));

    [Theory]
    [InlineData("https://example.org/a b", "https://example.org/a%20b")]
    [InlineData("HTTPS://Example.ORG/Path", "https://example.org/Path")]
    [InlineData("/eu/dsa", "https://news.example.org/eu/dsa")]
    [InlineData("dsa?x=1", "https://news.example.org/feeds/dsa?x=1")]
    [InlineData("//cdn.example.net/i.png", "https://cdn.example.net/i.png")]
    [InlineData("\\\\cdn.example.net\\i.png", "https://cdn.example.net/i.png")]
    [InlineData("  https://example.org/\n", "https://example.org/")]
    [InlineData("ht\ttps://example.org/", "https://example.org/")]
    [InlineData("mailto:press@example.org", "mailto:press@example.org")]
    [InlineData("%6A%61%76%61script:alert(1)", "https://news.example.org/feeds/javascript:alert(1)")] // a path, not a scheme
    public void Accepted_and_made_absolute(string value, string expected) => Assert.Equal(expected, SafeUrl.Resolve(value, Base));

    [Theory]
    [InlineData("data:image/png;base64,iVBORw0KGgo=", true)]
    [InlineData("DATA:IMAGE/JPEG;BASE64,/9j/4AAQ", true)]
    [InlineData("data:image/svg+xml;base64,PHN2Zz4=", false)]
    [InlineData("data:image/png,<svg onload=alert(1)>", false)]
    [InlineData("data:image/png;base64,iVBOR\"><script>", false)]
    public void Raster_data_images_only_where_allowed(string value, bool accepted)
    {
        Assert.Equal(accepted, SafeUrl.Resolve(value, Base, allowDataImage: true) is not null);
        Assert.Null(SafeUrl.Resolve(value, Base, allowDataImage: false));
    }

    [Fact]
    public void Relative_references_need_an_http_base()
    {
        Assert.Null(SafeUrl.Resolve("/a", null));
        Assert.Null(SafeUrl.Resolve("/a", new Uri("file:///feeds/local.xml")));
        Assert.Equal("https://example.org/a", SafeUrl.Resolve("https://example.org/a", null));
    }

    [Fact]
    public void Very_long_values_are_refused() =>
        Assert.Null(SafeUrl.Resolve("https://example.org/" + new string('a', 10_000), Base));
}
