using PolicyWatch.Classifying;

namespace PolicyWatch.Tests.Classifying;

public sealed class FoldingTests
{
    [Theory]
    [InlineData("Réglement Sécurité", "reglement securite")]
    [InlineData("Straße", "strasse")]
    [InlineData("STRASSE", "strasse")]
    [InlineData("Łódź Øresund Æsir", "lodz oresund aesir")]
    [InlineData("\u201Cchat control\u201D", "chat control")]
    [InlineData("\"chat control\"", "chat control")]
    [InlineData("Apple\u2019s plan", "apple s plan")]
    [InlineData("Apple's plan", "apple s plan")]
    [InlineData("client-side scanning", "client side scanning")]
    [InlineData("client\u2011side\u00A0 scanning", "client side scanning")]
    [InlineData("2022/0155(COD)", "2022 0155 cod")]
    [InlineData("  --Online   Safety--  ", "online safety")]
    public void Folds_case_accents_ligatures_quotes_and_punctuation(string text, string folded) =>
        Assert.Equal(folded, Folding.Fold(text));

    [Fact]
    public void Decomposed_accents_and_soft_hyphens_fold_like_plain_letters()
    {
        Assert.Equal("regle", Folding.Fold("re\u0301gle"));
        Assert.Equal("chatkontrolle", Folding.Fold("Chat\u00ADkontrolle"));
    }
}
