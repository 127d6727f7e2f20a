using System.Text;
using PolicyWatch.Storage.Postgres.Search;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>ts_headline's answer made into a snippet as SQLite's: encoded, marked, bounded, with "…" where text was left out.</summary>
public sealed class HeadlineTests
{
    private const char O = SearchSnippet.Open, C = SearchSnippet.Close, L = Headline.Less, G = Headline.Greater;

    [Fact]
    public void What_ts_headline_leaves_out_at_the_ends_of_a_whole_field_comes_back()
    {
        var passage = $"{L}b{G}Chat{L}/b{G} \"control\" & more!";

        var html = Headline.ToHtml($"b{G}{O}Chat{C}{L}/b{G} \"control\" & more", passage, passageStartsField: true, passageEndsField: true);

        Assert.Equal("&lt;b&gt;<mark>Chat</mark>&lt;/b&gt; &quot;control&quot; &amp; more!", html);
    }

    [Theory]
    [InlineData(true, true, "one two <mark>three</mark> four")]
    [InlineData(false, true, "…one two <mark>three</mark> four")]
    [InlineData(true, false, "one two <mark>three</mark> four…")]
    public void A_passage_that_does_not_reach_an_end_of_its_field_says_so(bool startsField, bool endsField, string expected) =>
        Assert.Equal(expected, Headline.ToHtml($"one two {O}three{C} four", "one two three four", startsField, endsField));

    [Fact]
    public void A_snippet_inside_its_passage_is_cut_at_both_ends() =>
        Assert.Equal("…two <mark>three</mark>…", Headline.ToHtml($"two {O}three{C}", "one two three four", true, true));

    [Fact]
    public void At_most_a_thousand_bytes_of_text_whatever_the_characters_and_marks_stay_balanced()
    {
        var word = new string('é', 800);
        var answer = $"{O}{word}{C} {O}{word}{C}";

        var html = Headline.ToHtml(answer, $"{word} {word}", true, true)!;

        Assert.StartsWith("<mark>", html);
        Assert.EndsWith("</mark>…", html);
        var text = html.Replace("<mark>", "").Replace("</mark>", "").TrimEnd('…');
        Assert.Equal(Headline.MaxTextBytes, Encoding.UTF8.GetByteCount(System.Net.WebUtility.HtmlDecode(text)));
    }

    [Fact]
    public void A_cut_never_splits_a_character_in_two()
    {
        var answer = new string('a', Headline.MaxTextBytes - 1) + "😀b";

        var html = Headline.ToHtml(answer, answer, true, true)!;

        Assert.Equal(new string('a', Headline.MaxTextBytes - 1) + "…", html);
    }

    [Fact]
    public void An_answer_not_found_in_its_passage_is_still_encoded_and_said_to_be_cut() =>
        Assert.Equal("…&lt;x&gt; <mark>y</mark>…", Headline.ToHtml($"{L}x{G} {O}y{C}", "something else", true, true));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\uE000\uE001")]
    public void No_text_gives_no_snippet(string? answer) => Assert.Null(Headline.ToHtml(answer, "x", true, true));
}
