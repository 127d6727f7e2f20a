using PolicyWatch.Normalizing;

namespace PolicyWatch.Tests.Normalizing;

public sealed class NestingGuardTests
{
    private static string Repeat(string markup, int times) => string.Concat(Enumerable.Repeat(markup, times));

    [Fact]
    public void Deep_containers_are_too_deep() =>
        Assert.True(NestingGuard.IsTooDeep(Repeat("<div>", NestingGuard.MaxDepth + 1)));

    [Fact]
    public void Containers_at_the_limit_are_not() =>
        Assert.False(NestingGuard.IsTooDeep(Repeat("<div>", NestingGuard.MaxDepth)));

    [Fact]
    public void Stray_end_tags_cannot_hide_the_depth() =>
        Assert.True(NestingGuard.IsTooDeep(Repeat("<DIV></span></p></b>", NestingGuard.MaxDepth + 1)));

    [Theory]
    [InlineData("<p>para</p>")]
    [InlineData("<p>unclosed")]
    [InlineData("<li>item")]
    [InlineData("<br><img src=x><hr>")]
    [InlineData("<div>closed</div>")]
    [InlineData("<a href=x>link")]
    [InlineData("1 < 2 and </ and <3")]
    public void Long_flat_articles_are_not_too_deep(string markup) =>
        Assert.False(NestingGuard.IsTooDeep(Repeat(markup, 20_000)));

    [Fact]
    public void Crude_text_drops_tags_and_decodes_entities() =>
        Assert.Equal(" a &  b ", NestingGuard.CrudeText("<p>a &amp; <b>b</b>"));
}
