using System.Text;
using PolicyWatch.Parsing;
using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Tests.Parsing.Xml;

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

    [Theory]
    [InlineData("<a <a <a", "&lt;a &lt;a &lt;a")]
    [InlineData("x <a title='<b>' y", "x &lt;a title='<b>' y")]
    [InlineData("<a x=\"<b>\" <i>", "<a <i x=\"<b>\">")]
    [InlineData("<a/ <b>c", "<a <b>c")]
    public void A_tag_that_never_closes_is_text_and_what_follows_its_angle_bracket_is_read_again(string html, string expected)
    {
        Assert.Equal(expected, HtmlSource.Tidy(html));
    }

    // A bound, not a speed assertion (speed is measured only in the benchmarks): linear tidying of these values
    // takes well under a second, while reading each unclosed tag to the end again took minutes.
    [Theory]
    [InlineData("<a ")]
    [InlineData("<a")]
    [InlineData("<a x='")]
    [InlineData("<a x=\"1\" y='")]
    public async Task Megabytes_of_tags_that_never_close_are_tidied_within_the_bound(string repeated)
    {
        var html = string.Concat(Enumerable.Repeat(repeated, 300_000));

        var tidy = await Task.Run(() => HtmlSource.Tidy(html)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(html.Replace("<", "&lt;", StringComparison.Ordinal), tidy);
    }
}

