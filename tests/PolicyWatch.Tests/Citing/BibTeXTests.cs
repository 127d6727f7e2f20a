using PolicyWatch.Citing;
using static PolicyWatch.Tests.Citing.CitingFixtures;

namespace PolicyWatch.Tests.Citing;

public class BibTeXTests
{
    [Theory]
    [InlineData("&", @"\&"), InlineData("%", @"\%"), InlineData("$", @"\$"), InlineData("#", @"\#"), InlineData("_", @"\_")]
    [InlineData("{", @"\textbraceleft{}"), InlineData("}", @"\textbraceright{}")]
    [InlineData("~", @"\textasciitilde{}"), InlineData("^", @"\textasciicircum{}"), InlineData(@"\", @"\textbackslash{}")]
    [InlineData("Zoë Müller", "Zoë Müller")]
    public void Specials_are_escaped(string text, string expected) =>
        Assert.Equal(expected, BibTeXEntry.Escape(text));

    [Fact]
    public void Entry_for_a_person()
    {
        var bib = Citations.BibTeX(Sample("Jane Doe") with { Title = "EU & UK: 100% {scanning}" });
        Assert.Equal("""
            @online{doe2024eu-1,
              title = {{EU \& UK: 100\% \textbraceleft{}scanning\textbraceright{}}},
              author = {Doe, Jane},
              organization = {{EDRi}},
              date = {2024-05-28},
              url = {https://edri.org/a},
              urldate = {2026-11-22}
            }
            """.ReplaceLineEndings("\n"), bib);
    }

    [Fact]
    public void Organisations_are_braced_so_and_does_not_split_them()
    {
        var bib = Citations.BibTeX(Sample("Jane Doe", "Fox and Partners Ltd") with { Publisher = "Fish and Chips Press" });
        Assert.Contains("author = {Doe, Jane and {Fox and Partners Ltd}}", bib);
        Assert.Contains("organization = {{Fish and Chips Press}}", bib);
    }

    [Fact]
    public void Urls_are_verbatim_with_only_braces_backslashes_and_spaces_percent_encoded() =>
        Assert.Contains("url = {https://x.example/a%20b?q=%22c%22&d={e}".Replace("{e}", "%7Be%7D") + "}",
            Citations.BibTeX(Sample() with { Url = @"https://x.example/a b?q=%22c%22&d={e}" }));

    [Fact]
    public void Keys_stay_unique_when_author_title_and_date_collide()
    {
        var (a, b) = (Item(101), Item(110));
        Assert.Equal((a.Title, a.PublishedAt, a.Authors[0]), (b.Title, b.PublishedAt, b.Authors[0]));
        Assert.Equal("doe2024chat-101", Citations.Key(a));
        Assert.Equal("doe2024chat-110", Citations.Key(b));
    }

    [Fact]
    public void Keys_fold_accents_skip_articles_and_fall_back_to_the_publisher()
    {
        Assert.Equal("muller2024title-1", Citations.Key(Sample("Zoë Müller") with { Title = "The title" }));
        Assert.Equal("edri2024title-1", Citations.Key(Sample() with { Title = "« Title »" }));
        Assert.Equal("item2024-1", Citations.Key(Sample() with { Title = "!!!", Publisher = "" }));
    }

    [Fact]
    public void First_seen_dates_become_a_note_not_a_date()
    {
        var bib = Citations.BibTeX(Sample() with { DateIsFirstSeen = true });
        Assert.DoesNotContain("  date =", bib);
        Assert.Contains("note = {Publication date not given by the source; first seen by PolicyWatch on 2024-05-28}", bib);
    }
}
