using System.Text;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Tests.Normalizing;

public sealed class HtmlSanitizerTests
{
    private static readonly Uri FeedUrl = new("https://news.example.org/feeds/policy/rss.xml");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n\t ")]
    public void Nothing_in_gives_null(string? html) => Assert.Null(HtmlSanitizer.Sanitize(html, FeedUrl));

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<style>p{}</style>\n<!-- comment -->")]
    [InlineData("<img src=\"javascript:alert(1)\">")]
    public void Nothing_left_after_sanitizing_gives_null(string html) => Assert.Null(HtmlSanitizer.Sanitize(html, FeedUrl));

    [Fact]
    public void Plain_text_is_encoded()
    {
        Assert.Equal("Tom &amp; Jerry say 1 &lt; 2 &gt; 0 \"quoted\"", HtmlSanitizer.Sanitize("Tom &amp; Jerry say 1 &lt; 2 &gt; 0 \"quoted\"", FeedUrl));
    }

    [Theory]
    [InlineData("<h1>a</h1>", "<h3>a</h3>")]
    [InlineData("<h2>a</h2>", "<h3>a</h3>")]
    [InlineData("<h3>a</h3>", "<h3>a</h3>")]
    [InlineData("<h5>a</h5>", "<h5>a</h5>")]
    public void Headings_stay_below_the_page_headings(string html, string expected)
    {
        var once = HtmlSanitizer.Sanitize(html, FeedUrl);

        Assert.Equal(expected, once);
        Assert.Equal(once, HtmlSanitizer.Sanitize(once, FeedUrl));
    }

    [Theory]
    [InlineData("<section><p>a</p></section>", "<div><p>a</p></div>")]
    [InlineData("<strike>old</strike> <tt>mono</tt>", "<s>old</s> <code>mono</code>")]
    [InlineData("<custom-tag>kept</custom-tag> <font face=x>text</font>", "kept text")]
    public void Known_containers_are_renamed_and_unknown_ones_unwrapped(string html, string expected) =>
        Assert.Equal(expected, HtmlSanitizer.Sanitize(html, FeedUrl));

    [Fact]
    public void Links_are_absolute_and_marked_nofollow()
    {
        var html = HtmlSanitizer.Sanitize("<a href=\"../osa?x=1&amp;y=2\" title=\"t\" target=_blank rel=opener>OSA</a>", FeedUrl);

        Assert.Equal("<a href=\"https://news.example.org/feeds/osa?x=1&amp;y=2\" title=\"t\" rel=\"nofollow noopener noreferrer\">OSA</a>", html);
    }

    [Fact]
    public void Relative_links_without_a_base_become_text()
    {
        Assert.Equal("see <a href=\"https://ok.example/\" rel=\"nofollow noopener noreferrer\">abs</a> and rel",
            HtmlSanitizer.Sanitize("see <a href=\"https://ok.example/\">abs</a> and <a href=\"/rel\">rel</a>", baseUrl: null));
    }

    [Fact]
    public void A_non_http_base_resolves_nothing()
    {
        Assert.Equal("rel", HtmlSanitizer.Sanitize("<a href=\"/rel\">rel</a>", new Uri("file:///feeds/local.xml")));
    }

    [Theory]
    [InlineData("<img src=\"/a.png\" width=1 height=1>")]
    [InlineData("<img src=\"/a.png\" width=\"0\" height=\"0\">")]
    [InlineData("<img alt=\"no source\">")]
    public void Images_without_a_source_and_tracking_pixels_are_dropped(string html) =>
        Assert.Null(HtmlSanitizer.Sanitize(html, FeedUrl));

    [Fact]
    public void Characters_xml_forbids_are_left_out()
    {
        // The output is re-published in RSS/Atom, where these break the document.
        var html = HtmlSanitizer.Sanitize("a\u0001b\u000Bc <b title=\"x\u0002y\">\uD800e</b> 😀", FeedUrl);

        Assert.Equal("abc <b title=\"xy\">e</b> 😀", html);
    }

    [Fact]
    public void A_leading_newline_in_pre_survives_a_second_parse()
    {
        var once = HtmlSanitizer.Sanitize("<pre>\n\nindented</pre>", FeedUrl);

        Assert.Equal("<pre>\n\nindented</pre>", once);
        Assert.Equal(once, HtmlSanitizer.Sanitize(once, FeedUrl));
    }

    [Fact]
    public void Nesting_near_the_limit_is_kept_without_overflowing_the_stack()
    {
        var depth = NestingGuard.MaxDepth - 10;
        var html = string.Concat(Enumerable.Repeat("<div>", depth)) + "deep";

        var sanitized = HtmlSanitizer.Sanitize(html, FeedUrl);

        // The parser, like browsers, stops nesting at 512 and puts deeper elements side by side.
        Assert.NotNull(sanitized);
        Assert.Equal(depth, sanitized.Split("<div>").Length - 1);
        Assert.Contains("<div>deep</div>", sanitized);
        Assert.Equal(sanitized, HtmlSanitizer.Sanitize(sanitized, FeedUrl));
        Assert.Equal("deep", HtmlText.ToPlainText(html));
    }

    [Fact]
    public void Markup_nested_too_deep_is_read_as_text_without_stalling()
    {
        var html = new StringBuilder();
        for (var i = 0; i < 100_000; i++) html.Append("<div><span>");
        html.Append("deep &amp; <script>alert(1)</script><img src=x onerror=alert(1)>");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var sanitized = HtmlSanitizer.Sanitize(html.ToString(), FeedUrl);
        var text = HtmlText.ToPlainText(html.ToString());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal("<p>deep &amp; alert(1)</p>", sanitized);
        Assert.Equal("deep & alert(1)", text);
    }

    [Fact]
    public void Attribute_values_cannot_break_out_of_their_quotes()
    {
        var html = HtmlSanitizer.Sanitize("<abbr title='\"><script>alert(1)</script>'>x</abbr>", FeedUrl);

        Assert.Equal("<abbr title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">x</abbr>", html);
    }

    [Theory]
    [InlineData("<td colspan=\"2\" rowspan=\"-1\">", "colspan=\"2\"")]
    [InlineData("<ol start=\" 5 \"><li>x</li></ol>", "<ol start=\"5\">")]
    [InlineData("<img src=/a.png width=\"50%\" height=\"9999999\">", "<img src=\"https://news.example.org/a.png\">")]
    [InlineData("<p dir=\"LTR\">x</p>", "<p dir=\"ltr\">")]
    public void Numbers_and_directions_must_be_well_formed(string html, string expected) =>
        Assert.Contains(expected, HtmlSanitizer.Sanitize("<table><tr>" + html, FeedUrl));
}
