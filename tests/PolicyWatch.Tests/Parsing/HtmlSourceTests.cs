using System.Text;
using PolicyWatch.Parsing;

namespace PolicyWatch.Tests.Parsing;

/// <summary>HTML carried in a feed is written back the way an HTML serializer would write it.</summary>
public sealed class HtmlSourceTests
{
    [Theory]
    [InlineData("<a href=http://example.com/\">x</a>", "<a href=\"http://example.com/&quot;\">x</a>")]
    [InlineData("<img src='a.png' alt='say \"hi\"'>", "<img alt=\"say &quot;hi&quot;\" src=\"a.png\">")]
    [InlineData("<p id=x class = big>", "<p class=\"big\" id=\"x\">")]
    [InlineData("<br/><br   /><hr>", "<br /><br /><hr>")]
    [InlineData("<input disabled>", "<input disabled>")]
    [InlineData("a < b and <3", "a &lt; b and &lt;3")]
    [InlineData("&lt;!' <a href=\"foo\">", "&lt;!' <a href=\"foo\">")]
    [InlineData("<!' <a href=\"foo\">", "&lt;!' <a href=\"foo\">")]
    [InlineData("<!-- a<b --><!DOCTYPE html></p>", "<!-- a<b --><!DOCTYPE html></p>")]
    [InlineData("<script>if (a<b) x();</script>", "<script>if (a<b) x();</script>")]
    [InlineData("cut off <a href=\"x", "cut off &lt;a href=\"x")]
    public void Tags_are_normalized_and_stray_angle_brackets_become_text(string html, string expected)
    {
        Assert.Equal(expected, HtmlSource.Tidy(html));
    }

    [Fact]
    public void Rss_description_that_is_not_a_doctype_keeps_its_angle_bracket_as_text()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(
            "<rss><channel><item><description>&lt;!' &lt;a href=\"foo\"&gt;</description></item></channel></rss>"), null, null);

        Assert.Equal("&lt;!' <a href=\"foo\">", Assert.Single(feed.Entries).Summary);
    }

    [Fact]
    public void Atom_html_title_with_an_unquoted_attribute_gets_its_quotes()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\"><![CDATA[<a href=http://example.com/>example</a>]]></title></feed>"), null, null);

        Assert.Equal("<a href=\"http://example.com/\">example</a>", feed.Feed.Title);
    }
}
