using PolicyWatch.Normalizing;

namespace PolicyWatch.Tests.Normalizing;

public sealed class HtmlTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n ")]
    [InlineData("<script>only()</script>")]
    [InlineData("<p> </p><!-- just a comment -->")]
    public void No_words_gives_null(string? html) => Assert.Null(HtmlText.ToPlainText(html));

    [Theory]
    [InlineData("<p>one</p><p>two</p>", "one two")]
    [InlineData("<ul><li>one</li><li>two</li></ul>", "one two")]
    [InlineData("one<br>two", "one two")]
    [InlineData("<table><tr><td>one</td><td>two</td></tr></table>", "one two")]
    [InlineData("<h2>Title</h2>Body", "Title Body")]
    [InlineData("<div>one</div>two<section>three</section>", "one two three")]
    [InlineData("<custom-block>one</custom-block><custom-block>two</custom-block>", "one two")]
    public void Blocks_and_breaks_keep_words_apart(string html, string expected) =>
        Assert.Equal(expected, HtmlText.ToPlainText(html));

    [Theory]
    [InlineData("chat<b>control</b>", "chatcontrol")]
    [InlineData("Online <em>Safety</em> <a href=x>Act</a>", "Online Safety Act")]
    [InlineData("re<span>gul</span>ation", "regulation")]
    public void Inline_elements_do_not_split_words(string html, string expected) =>
        Assert.Equal(expected, HtmlText.ToPlainText(html));

    [Theory]
    [InlineData("AT&amp;T &lt;b&gt; &eacute;t&eacute; &#8217; &#x2014; &nbsp;x", "AT&T <b> été ’ — x")]
    [InlineData("Ofcom&rsquo;s codes", "Ofcom’s codes")]
    public void Entities_are_decoded(string html, string expected) => Assert.Equal(expected, HtmlText.ToPlainText(html));

    [Theory]
    [InlineData("a<script>var x = 1;</script>b", "a b")]
    [InlineData("a<style>p { color: red }</style>b", "a b")]
    [InlineData("a<!-- hidden -->b", "ab")]
    [InlineData("<!-- top level comment --> words", "words")]
    [InlineData("a<noscript>enable JavaScript</noscript>b", "a b")]
    [InlineData("a<template><p>t</p></template>b", "a b")]
    [InlineData("a<svg><text>icon</text></svg>b", "a b")]
    [InlineData("a<iframe>frame</iframe>b", "a b")]
    [InlineData("a<select><option>choose</option></select>b", "a b")]
    public void Code_and_hidden_content_are_left_out(string html, string expected) =>
        Assert.Equal(expected, HtmlText.ToPlainText(html));

    [Fact]
    public void Text_without_markup_is_only_collapsed() =>
        Assert.Equal("plain text here", HtmlText.ToPlainText("  plain\n\ttext   here "));

    [Theory]
    [InlineData("  a \n\t b  ", "a b")]
    [InlineData("a\u00A0\u2003b", "a b")]
    [InlineData("a\u0000\u0007b", "a b")]
    [InlineData("regu\u00ADla\u200Btion\uFEFF", "regulation")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void Collapse_whitespace(string text, string expected) => Assert.Equal(expected, HtmlText.CollapseWhitespace(text));
}
