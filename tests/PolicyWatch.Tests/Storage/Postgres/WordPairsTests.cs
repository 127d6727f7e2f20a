using PolicyWatch.Storage.Postgres.Search;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>The word pairs a normalised tsquery requires (<see cref="WordPairs"/>); the index that answers them is <see cref="WordPairsIndexTests"/>'s.</summary>
[Trait(TestDatabases.Provider, TestDatabases.OwnDatabase)]
public sealed class WordPairsTests
{
    [Theory]
    [InlineData("'chat' <-> 'control' & 'jeu0'", "'chat control'")]
    [InlineData("'end' <-> 'end' <-> 'encrypt'", "'end end' & 'end encrypt'")]
    [InlineData("'client' <-> 'side':*", "'client side':*")]
    [InlineData("'chat':ABC <-> 'control':ABC & 'vote':ABC", "'chat control'")]
    [InlineData("'o''brien' <-> 'act'", "'o''brien act'")]
    [InlineData(@"'back\\slash' <-> 'word'", @"'back\\slash word'")]
    [InlineData("'ban' <2> 'encrypt' <-> 'messag'", "'encrypt messag'")]
    [InlineData("'ban' <2> 'encrypt'", null)]
    [InlineData("'chat' <-> 'control' | 'csam'", null)]
    [InlineData("'vote' & !( 'chat' <-> 'control' )", null)]
    [InlineData("'vote' & ( 'chat' <-> 'control' )", null)]
    [InlineData("'client':* <-> 'side'", null)]
    [InlineData("'encrypt'", null)]
    [InlineData("'unclosed", null)]
    public void A_query_requires_the_pairs_of_its_top_level_chains_and_no_others(string tsquery, string? pairs) =>
        Assert.Equal(pairs, WordPairs.Of(tsquery));

    [Fact]
    public void A_pair_too_long_to_be_indexed_is_never_asked_for()
    {
        var word = new string('x', 1_100);
        Assert.Null(WordPairs.Of($"'{word}' <-> '{word}'"));
        Assert.Equal($"'{word} y'", WordPairs.Of($"'{word}' <-> 'y'"));
    }

}
