using PolicyWatch.Storage;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Tests.Storage;

public sealed class SearchExpressionTests
{
    [Theory]
    [InlineData("encryption", "\"encryption\"")]
    [InlineData("chat control", "(\"chat\" AND \"control\")")]
    [InlineData("\"chat control\"", "\"chat control\"")]
    [InlineData("encrypt*", "\"encrypt\"*")]
    [InlineData("\"client side\"*", "\"client side\"*")]
    [InlineData("ofcom OR dsit", "(\"ofcom\" OR \"dsit\")")]
    [InlineData("ofcom AND dsit", "(\"ofcom\" AND \"dsit\")")]
    [InlineData("scanning NOT apple", "(\"scanning\" NOT \"apple\")")]
    [InlineData("scanning -apple", "(\"scanning\" NOT \"apple\")")]
    [InlineData("+scanning", "\"scanning\"")]
    [InlineData("(ofcom OR dsit) codes", "((\"ofcom\" OR \"dsit\") AND \"codes\")")]
    [InlineData("a b OR c", "((\"a\" AND \"b\") OR \"c\")")]
    [InlineData("scanning -(apple OR google)", "(\"scanning\" NOT (\"apple\" OR \"google\"))")]
    [InlineData("client-side", "\"client-side\"")]
    public void Typed_searches_become_fts5_expressions(string typed, string expected) =>
        Assert.Equal(expected, SearchExpression.Translate(typed));

    [Theory]
    [InlineData("rock and roll", "(\"rock\" AND \"and\" AND \"roll\")")]
    [InlineData("to be or not to be", "(\"to\" AND \"be\" AND \"or\" AND \"not\" AND \"to\" AND \"be\")")]
    public void Lower_case_and_or_not_are_words_like_any_other(string typed, string expected) =>
        Assert.Equal(expected, SearchExpression.Translate(typed));

    [Theory]
    [InlineData("title:secret", "\"title:secret\"")]
    [InlineData("NEAR(a b)", "(\"NEAR\" AND (\"a\" AND \"b\"))")]
    [InlineData("^start", "\"^start\"")]
    [InlineData("a\"\"b", "(\"a\" AND \"b\")")]
    [InlineData("2022/0155(COD)", "(\"2022/0155\" AND \"COD\")")]
    [InlineData("x* *", "\"x\"*")]
    [InlineData("ofcom &", "\"ofcom\"")]
    [InlineData("x\u0000y\"z\u0000\"", "(\"x\" AND \"y\" AND \"z \")")]
    public void Fts5_syntax_characters_are_only_text(string typed, string expected) =>
        Assert.Equal(expected, SearchExpression.Translate(typed));

    [Theory]
    [InlineData("\"chat control", "a quote is not closed")]
    [InlineData("encryption NOT", "NOT needs a word after it")]
    [InlineData("encryption NOT OR x", "NOT needs a word after it")]
    [InlineData("encryption AND", "AND needs a word after it")]
    [InlineData("AND encryption", "AND needs a word before it")]
    [InlineData("encryption OR", "OR needs a word after it")]
    [InlineData("OR encryption", "OR needs a word before it")]
    [InlineData("NOT apple", "cannot only leave words out")]
    [InlineData("-apple", "cannot only leave words out")]
    [InlineData("(ofcom OR dsit", "a bracket is not closed")]
    [InlineData("ofcom)", "a closing bracket has no opening one")]
    [InlineData("()", "brackets need a word inside them")]
    [InlineData("   ", "at least one word")]
    [InlineData("!!! ***", "at least one word")]
    public void Searches_that_cannot_be_read_say_why(string typed, string because)
    {
        var error = Assert.Throws<InvalidSearchException>(() => SearchExpression.Translate(typed));
        Assert.Contains(because, error.Message);
    }

    [Fact]
    public void Deep_brackets_and_endless_word_lists_are_refused_before_they_reach_the_parser_stack_or_fts5()
    {
        Assert.Contains("nested at most", Assert.Throws<InvalidSearchException>(() =>
            SearchExpression.Translate(new string('(', 100_000) + "x" + new string(')', 100_000))).Message);
        Assert.Contains("at most 50 words", Assert.Throws<InvalidSearchException>(() =>
            SearchExpression.Translate(string.Join(" ", Enumerable.Range(0, 51).Select(n => $"w{n}")))).Message);
        Assert.Equal("\"x\"", SearchExpression.Translate(new string('(', 8) + "x" + new string(')', 8)));
    }
}
