using PolicyWatch.Storage.Search;

namespace PolicyWatch.Tests.Storage;

/// <summary>Whether a search's words are kept off the filter tokens: one linear pass, the same answers as the first rule.</summary>
public sealed class SearchPlanTextOnlyTests
{
    [Theory]
    [InlineData("\"encryption\"", false)]
    [InlineData("\"ju0\"", true)]
    [InlineData("\"10\"", false)]
    [InlineData("\"1a0\"", true)]
    [InlineData("\"jurisdiction\" \"dossier0x\"", false)]
    [InlineData("\"j\"*", true)]
    [InlineData("\"zebra\"*", false)]
    [InlineData("\"Ǩey\"*", true)]
    [InlineData("\"\"*", true)]
    [InlineData("\"chat control\" OR \"scan\"*", true)]
    public void Words_that_could_reach_a_filter_token_are_kept_to_the_text_columns(string translated, bool textOnly)
    {
        Assert.Equal(textOnly, SearchPlan.TextOnly(translated).Contains(':', StringComparison.Ordinal));
        Assert.Equal(textOnly, SearchPlan.MayReachATokenByRegex(translated));
    }

    [Fact]
    public void The_linear_pass_answers_as_the_regular_expressions_did_on_random_searches()
    {
        var random = new Random(20261129);
        const string alphabet = "aejkz0109\"* é中-";
        for (var n = 0; n < 20_000; n++)
        {
            var text = new string(Enumerable.Range(0, random.Next(1, 14)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.True(SearchPlan.MayReachATokenByRegex(text) == SearchPlan.TextOnly(text).Contains(" : (", StringComparison.Ordinal), text);
        }
    }

    [Fact]
    public void A_word_as_long_as_a_url_is_read_once()
    {
        // Bounded by construction (one pass); the regular expressions took minutes here.
        var word = new string('a', 2_000_000);
        Assert.Equal($"({word})", SearchPlan.TextOnly(word));
    }
}
