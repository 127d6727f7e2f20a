using PolicyWatch.Storage.Search;

namespace PolicyWatch.Tests.Storage;

public sealed class SearchSnippetTests
{
    private const char O = SearchSnippet.Open, C = SearchSnippet.Close;

    [Fact]
    public void Matches_are_marked_and_everything_else_is_encoded()
    {
        var html = SearchSnippet.ToHtml($"<script>alert('x')</script> & {O}encryption{C} \"quoted\"");

        Assert.Equal("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; <mark>encryption</mark> &quot;quoted&quot;", html);
    }

    [Fact]
    public void Markup_inside_a_match_is_encoded_too() =>
        Assert.Equal("<mark>&lt;img src=x onerror=alert(1)&gt;</mark>", SearchSnippet.ToHtml($"{O}<img src=x onerror=alert(1)>{C}"));

    [Theory]
    [InlineData("a\uE001b", "ab")]
    [InlineData("\uE000a\uE000b", "<mark>ab</mark>")]
    [InlineData("\uE000open", "<mark>open</mark>")]
    [InlineData("x\uE001\uE001y\uE000z\uE001\uE001", "xy<mark>z</mark>")]
    public void Stray_markers_in_the_text_never_unbalance_the_tags(string raw, string expected) =>
        Assert.Equal(expected, SearchSnippet.ToHtml(raw));

    [Fact]
    public void No_text_gives_no_snippet() => Assert.Null(SearchSnippet.ToHtml(""));
}
