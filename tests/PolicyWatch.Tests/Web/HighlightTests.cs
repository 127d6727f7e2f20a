using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Tests.Web;

/// <summary>Titles are hostile: marking a search's words in one never throws and costs one bounded scan.</summary>
public sealed class HighlightTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private static string OrSearch(int terms) => string.Join(" OR ", Enumerable.Range(1, terms).Select(i => $"word{i}"));

    [Fact]
    public async Task A_five_megabyte_title_with_a_49_term_search_renders()
    {
        var title = "encryption " + string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 200_000)) + "word7";
        Assert.True(title.Length > 5_000_000);

        var html = await Task.Run(() => Highlight.Html(title, "encryption OR " + OrSearch(48))).WaitAsync(Generous);

        Assert.StartsWith("<mark>encryption</mark> lorem ipsum", html);
        Assert.EndsWith("amet word7", html); // past the scanned start: encoded, not marked
        Assert.Equal(title.Length + "<mark></mark>".Length, html.Length);
    }

    [Fact]
    public async Task A_title_of_nothing_but_matches_is_marked_in_its_start_only()
    {
        var title = string.Concat(Enumerable.Repeat("aaaa ", 1_000_000));

        var html = await Task.Run(() => Highlight.Html(title, "a OR aa OR aaa OR aaaa OR " + OrSearch(45))).WaitAsync(Generous);

        Assert.StartsWith("<mark>aaaa</mark> <mark>aaaa</mark>", html);
        Assert.Equal(Highlight.MaxScannedLength / 5, html.Split("<mark>").Length - 1);
    }

    [Fact]
    public void A_search_with_more_terms_than_a_search_holds_marks_the_first_ones()
    {
        var q = string.Join(" OR ", Enumerable.Range(1, 60).Select(i => $"t{i}x"));

        Assert.Equal("<mark>t1x</mark> <mark>t50x</mark> t51x t60x", Highlight.Html("t1x t50x t51x t60x", q));
        Assert.Equal(Highlight.MaxTerms, Highlight.Terms(q).Count);
    }

    [Theory]
    [InlineData("Encryption and decryption", "encrypt", "<mark>Encrypt</mark>ion and decryption")]
    [InlineData("Encryption and decryption", "crypt", "Encryption and decryption")]
    [InlineData("chat control, Chat Control", "\"chat control\"", "<mark>chat control</mark>, <mark>Chat Control</mark>")]
    [InlineData("Apple's CSAM plan", "csam OR apple", "<mark>Apple</mark>&#39;s <mark>CSAM</mark> plan")]
    [InlineData("<b>Chat</b> & control", "chat", "&lt;b&gt;<mark>Chat</mark>&lt;/b&gt; &amp; control")]
    [InlineData("Vote on décision", "decision", "Vote on d&#233;cision")]
    [InlineData("x", "\"", "x")]
    public void Words_are_marked_where_a_word_starts_in_any_case(string title, string q, string html) =>
        Assert.Equal(html, Highlight.Html(title, q));

    [Fact]
    public void A_term_longer_than_any_title_word_is_not_looked_for()
    {
        var word = new string('a', Highlight.MaxTermLength + 1);

        Assert.Equal(word, Highlight.Html(word, word));
    }
}
