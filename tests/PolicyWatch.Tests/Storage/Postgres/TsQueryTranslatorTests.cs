using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Postgres.Search;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>The site's search syntax as tsquery text: the cases of <see cref="SearchExpressionTests"/>, written for PostgreSQL.</summary>
public sealed class TsQueryTranslatorTests
{
    [Theory]
    [InlineData("encryption", "'encryption'")]
    [InlineData("chat control", "('chat' & 'control')")]
    [InlineData("\"chat control\"", "'chat control'")]
    [InlineData("encrypt*", "'encrypt':*")]
    [InlineData("\"chat contr\"*", "('chat' <-> 'contr':*)")]
    [InlineData("\"chat contr &\"*", "('chat' <-> 'contr':*)")]
    [InlineData("\"& contr\"*", "'contr':*")]
    [InlineData("ofcom OR dsit", "('ofcom' | 'dsit')")]
    [InlineData("ofcom AND dsit", "('ofcom' & 'dsit')")]
    [InlineData("scanning NOT apple", "('scanning' & !'apple')")]
    [InlineData("scanning -apple", "('scanning' & !'apple')")]
    [InlineData("+scanning", "'scanning'")]
    [InlineData("(ofcom OR dsit) codes", "(('ofcom' | 'dsit') & 'codes')")]
    [InlineData("a b OR c", "(('a' & 'b') | 'c')")]
    [InlineData("scanning -(apple OR google)", "('scanning' & !('apple' | 'google'))")]
    [InlineData("scanning -apple -google", "(('scanning' & !'apple') & !'google')")]
    [InlineData("client-side", "'client-side'")]
    [InlineData("rock and roll", "('rock' & 'and' & 'roll')")]
    public void Typed_searches_become_tsquery_text(string typed, string expected) =>
        Assert.Equal(expected, TsQueryTranslator.Translate(typed).Text);

    [Theory]
    [InlineData("it's", "'it''s'")]
    [InlineData("back\\slash", "'back\\\\slash'")]
    [InlineData("'a':* & !'b'", "('''a'':':* & '!''b''')")]
    [InlineData("x:ABC <-> y", "('x:ABC' & 'y')")]
    [InlineData("title:secret", "'title:secret'")]
    [InlineData("x\u0000y\"z\u0000\"", "('x' & 'y' & 'z ')")]
    public void Tsquery_syntax_characters_are_only_text(string typed, string expected) =>
        Assert.Equal(expected, TsQueryTranslator.Translate(typed).Text);

    [Fact]
    public void Half_a_character_becomes_a_replacement_character_for_the_server() =>
        Assert.Equal("('half\ufffd' & '\ufffdhalf' & 'a')", TsQueryTranslator.Translate("half\ud800 \udfffhalf a").Text);

    [Theory]
    [InlineData("jeu0", "'jeu0':ABC")]
    [InlineData("Kärticle0 x", "('Kärticle0':ABC & 'x')")]
    [InlineData("vote x-jeu0", "('vote' & 'x-jeu0':ABC)")]
    [InlineData("karti*", "'karti':*ABC")]
    [InlineData("surveil*", "'surveil':*ABC")]
    [InlineData("encrypt*", "'encrypt':*")]
    [InlineData("\"web ǩey\"* NOT x", "(('web':ABC <-> 'ǩey':*ABC) & !'x')")]
    [InlineData("x-kar*", "'x-kar':*ABC")]
    [InlineData("2022*", "'2022':*ABC")]
    [InlineData("covid 2020", "('covid' & '2020')")]
    [InlineData("Überwach*", "'Überwach':*ABC")] // a letter outside ASCII may fold to a filter's, as on SQLite
    [InlineData("vote -jeu0", "('vote' & !'jeu0':ABC)")]
    public void Words_that_could_read_as_a_filter_token_are_kept_to_the_texts_weights(string typed, string expected) =>
        Assert.Equal(expected, TsQueryTranslator.Translate(typed).Text);

    [Theory]
    [InlineData("scanning -apple", "'scanning'")]
    [InlineData("a b OR c", "'a' | 'b' | 'c'")]
    [InlineData("\"chat control\" -(apple OR google) encrypt*", "'chat control' | 'encrypt':*")]
    [InlineData("jeu0", "'jeu0'")]
    public void Ranking_and_snippets_weigh_the_words_looked_for(string typed, string expected) =>
        Assert.Equal(expected, TsQueryTranslator.Translate(typed).Wanted);

    [Fact]
    public void Snippets_look_for_the_first_words_of_the_first_terms() =>
        Assert.Equal("chat encrypt x", TsQueryTranslator.Translate("\"chat control\" -apple encrypt* (x OR y) z").Locators);

    [Theory]
    [InlineData("\"chat control", "a quote is not closed")]
    [InlineData("encryption NOT", "NOT needs a word after it")]
    [InlineData("AND encryption", "AND needs a word before it")]
    [InlineData("OR encryption", "OR needs a word before it")]
    [InlineData("NOT apple", "cannot only leave words out")]
    [InlineData("(ofcom OR dsit", "a bracket is not closed")]
    [InlineData("ofcom)", "a closing bracket has no opening one")]
    [InlineData("()", "brackets need a word inside them")]
    [InlineData("!!! ***", "at least one word")]
    public void Searches_that_cannot_be_read_say_why_as_on_sqlite(string typed, string because)
    {
        var error = Assert.Throws<InvalidSearchException>(() => TsQueryTranslator.Translate(typed));
        Assert.Contains(because, error.Message);
        Assert.Equal(Assert.Throws<InvalidSearchException>(() => SearchExpression.Translate(typed)).Message, error.Message);
    }

    [Fact]
    public void A_phrase_postgres_could_not_evaluate_is_refused_before_it_reaches_it()
    {
        var words = (int count) => string.Join(' ', Enumerable.Range(0, count).Select(n => $"w{n}a"));

        Assert.Equal($"'{words(64)}'", TsQueryTranslator.Translate($"\"{words(64)}\"").Text);
        Assert.Contains("at most 64 words", Assert.Throws<InvalidSearchException>(() => TsQueryTranslator.Translate($"\"{words(65)}\"")).Message);
        Assert.Contains("at most 64 words", Assert.Throws<InvalidSearchException>(() => TsQueryTranslator.Translate($"x -\"{words(65)}\"")).Message);
        Assert.Contains("at most 2,000 characters", Assert.Throws<InvalidSearchException>(() => TsQueryTranslator.Translate(new string('a', 2_001))).Message);
    }

    [Theory]
    [InlineData(null, "'x'", "")]
    [InlineData("jurisdiction", "('x') & 'jeu0'", "string_to_array(i.tag_tokens, ' ') @> @TagTokens::text[]")]
    [InlineData("dossier+topic+source+kind", "('x') & 'deuxhcsamxhregulation0' & 'tendxhtoxhendxhencryption0' & 'soeilxhxx0' & 'klegislative0'",
        "string_to_array(i.tag_tokens, ' ') @> @TagTokens::text[]; i.source_id = @Source; i.kind = @Kind")]
    [InlineData("articles", "'x'", "i.kind = @Kind")]
    public void Filters_are_their_tokens_anded_with_the_words_and_checks_on_the_row(string? filters, string expected, string checks)
    {
        var filter = filters switch
        {
            "jurisdiction" => new ItemFilter { Jurisdiction = "eu" },
            "dossier+topic+source+kind" => new ItemFilter { Dossier = "eu-csam-regulation", Topic = "end-to-end-encryption", Source = "oeil-x", Kind = ItemKind.Legislative },
            "articles" => new ItemFilter { Kind = ItemKind.Article },
            _ => new ItemFilter(),
        };

        Assert.Equal(expected, TsQueryFilters.Within("'x'", filter));
        Assert.Equal(checks, string.Join("; ", TsQueryFilters.Checks(filter)));
    }
}
