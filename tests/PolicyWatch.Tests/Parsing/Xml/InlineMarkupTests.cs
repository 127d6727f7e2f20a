using System.Text;
using PolicyWatch.Parsing;

namespace PolicyWatch.Tests.Parsing.Xml;

/// <summary>Inline XHTML, SVG and MathML inside feed elements, written back as HTML source.</summary>
public sealed class InlineMarkupTests
{
    private static string? AtomContent(string content, string entryAttributes = "") => Assert.Single(FeedParser.Parse(Encoding.UTF8.GetBytes($"""
        <feed xmlns="http://www.w3.org/2005/Atom"><entry{entryAttributes}>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{content}</div></content>
        </entry></feed>
        """), null, null).Entries).Content;

    [Fact]
    public void Svg_declares_its_namespace_where_it_begins()
    {
        Assert.Equal(
            "<p>x</p><svg width=\"3\" xmlns=\"http://www.w3.org/2000/svg\"><title>t</title></svg>",
            AtomContent("<p>x</p><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"3\"><title>t</title></svg>"));
    }

    [Fact]
    public void A_prefix_declared_outside_the_content_is_declared_where_it_is_used()
    {
        Assert.Equal(
            "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mrow xlink:href=\"http://example.com/\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><mi>a</mi></mrow></math>",
            AtomContent("<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mrow xlink:href=\"http://example.com/\"><mi>a</mi></mrow></math>",
                " xmlns:xlink=\"http://www.w3.org/1999/xlink\""));
    }

    [Fact]
    public void Attributes_are_written_in_name_order()
    {
        Assert.Equal("<a href=\"http://example.com/\" title=\"t\">x</a>", AtomContent("<a title=\"t\" href=\"http://example.com/\">x</a>"));
    }

    [Fact]
    public void A_self_closed_element_gets_an_end_tag_unless_html_knows_it_as_empty()
    {
        // "<div/>" read as HTML would open a div that swallows the rest of the page.
        Assert.Equal("<div></div>x<br /><img src=\"http://example.com/a.png\" />", AtomContent("<div/>x<br/><img src=\"http://example.com/a.png\"/>"));
    }

    [Fact]
    public void Naked_markup_in_the_feeds_own_namespace_is_html_without_a_namespace()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Example <b>Atom</b></title></feed>
            """), null, null);

        Assert.Equal("Example <b>Atom</b>", feed.Feed.Title);
    }
}
