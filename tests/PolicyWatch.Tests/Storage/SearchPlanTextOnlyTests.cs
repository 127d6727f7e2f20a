using System.Text.RegularExpressions;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Tests.Storage;

/// <summary>Whether a search's words are kept off the filter tokens: one linear pass, the same answers as the first rule.</summary>
public sealed partial class SearchPlanTextOnlyTests
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
        Assert.Equal(textOnly, MayReachATokenByRegex(translated));
    }

    [Fact]
    public void The_linear_pass_answers_as_the_regular_expressions_did_on_random_searches()
    {
        var random = new Random(20261129);
        const string alphabet = "aejkz0109\"* é中-";
        for (var n = 0; n < 20_000; n++)
        {
            var text = new string(Enumerable.Range(0, random.Next(1, 14)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.True(MayReachATokenByRegex(text) == SearchPlan.TextOnly(text).Contains(" : (", StringComparison.Ordinal), text);
        }
    }

    [Fact]
    public void A_word_as_long_as_a_url_is_read_once()
    {
        // Bounded by construction (one pass); the regular expressions took minutes here.
        var word = new string('a', 2_000_000);
        Assert.Equal($"({word})", SearchPlan.TextOnly(word));
    }

    /// <summary>The rule as first written, by regular expressions (quadratic in a word's length): the reference.</summary>
    private static bool MayReachATokenByRegex(string translated) =>
        TokenShapedWord().IsMatch(translated) || PrefixWords().Matches(translated).Any(m => SearchPlan.MayStartAToken(m.Groups["word"].Value));

    [GeneratedRegex(@"\p{L}[\p{L}\p{Nd}]*0(?![\p{L}\p{Nd}])")]
    private static partial Regex TokenShapedWord();

    [GeneratedRegex(@"(?<word>[\p{L}\p{Nd}]*)""\*")]
    private static partial Regex PrefixWords();
}
