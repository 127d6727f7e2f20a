using PolicyWatch.Citing;
using static PolicyWatch.Tests.Citing.CitingFixtures;

namespace PolicyWatch.Tests.Citing;

/// <summary>The style rules one at a time, each on the smallest item that shows it.</summary>
public class CitationRulesTests
{
    [Fact]
    public void Apa_person_with_date() =>
        Assert.Equal("Doe, J. (2024, May 28). A title. EDRi. https://edri.org/a", Citations.Apa(Sample("Jane Doe")));

    [Fact]
    public void Apa_without_author_makes_the_publisher_the_group_author_and_does_not_repeat_it() =>
        Assert.Equal("EDRi. (2024, May 28). A title. https://edri.org/a", Citations.Apa(Sample()));

    [Fact]
    public void Apa_without_author_or_publisher_moves_the_title_to_the_author_position() =>
        Assert.Equal("A title. (2024, May 28). https://edri.org/a", Citations.Apa(Sample() with { Publisher = " " }));

    [Fact]
    public void Apa_without_a_known_date_says_nd_and_gives_the_retrieval_date() =>
        Assert.Equal("Doe, J. (n.d.). A title. EDRi. Retrieved November 22, 2026, from https://edri.org/a",
            Citations.Apa(Sample("Jane Doe") with { DateIsFirstSeen = true }));

    [Fact]
    public void Apa_two_authors_use_an_ampersand_after_a_comma() =>
        Assert.StartsWith("Doe, J. A., & Dubois, J.-P. (2024", Citations.Apa(Sample("Jane Ann Doe", "Jean-Paul Dubois")));

    [Fact]
    public void Apa_lists_twenty_authors_and_elides_from_twenty_one()
    {
        // Gina Fama … Gina Famu: letters, not numbers, which would make them organisations.
        var names = Enumerable.Range(0, 21).Select(i => $"Gina Fam{(char)('a' + i)}").ToArray();
        var apa = Citations.Apa(Sample(names));
        Assert.StartsWith("Fama, G., Famb, G.,", apa);
        Assert.Contains("Fams, G., . . . Famu, G. (2024", apa);
        Assert.DoesNotContain("Famt", apa);
        Assert.Contains("Fams, G., & Famt, G. (2024", Citations.Apa(Sample(names[..20])));
    }

    [Fact]
    public void Dates_are_utc_days() =>
        Assert.Contains("(2024, May 27)", Citations.Apa(Sample() with { PublishedAt = new DateTimeOffset(2024, 5, 28, 1, 0, 0, TimeSpan.FromHours(3)) }));

    [Theory]
    [InlineData(1, "Jan."), InlineData(5, "May"), InlineData(6, "June"), InlineData(7, "July"), InlineData(9, "Sept."), InlineData(12, "Dec.")]
    public void Mla_abbreviates_long_month_names(int month, string expected) =>
        Assert.Contains($"Accessed 3 {expected} 2026.", Citations.Mla(Sample() with { AccessedAt = new DateTimeOffset(2026, month, 3, 0, 0, 0, TimeSpan.Zero) }));

    [Fact]
    public void Mla_person() =>
        Assert.Equal("Doe, Jane. “A title.” EDRi, 28 May 2024, https://edri.org/a. Accessed 22 Nov. 2026.", Citations.Mla(Sample("Jane Doe")));

    [Fact]
    public void Mla_without_author_starts_with_the_title() =>
        Assert.Equal("“A title.” EDRi, 28 May 2024, https://edri.org/a. Accessed 22 Nov. 2026.", Citations.Mla(Sample()));

    [Fact]
    public void Mla_organisation_that_is_the_publisher_is_named_once() =>
        Assert.Equal(Citations.Mla(Sample()), Citations.Mla(Sample("EDRi")));

    [Fact]
    public void Mla_two_and_three_authors()
    {
        Assert.StartsWith("Doe, Jane, and John Smith. “", Citations.Mla(Sample("Jane Doe", "John Smith")));
        Assert.StartsWith("Doe, Jane, et al. “", Citations.Mla(Sample("Jane Doe", "John Smith", "Ann Lee")));
    }

    [Fact]
    public void Title_question_mark_replaces_the_styles_punctuation()
    {
        var item = Sample("Jane Doe") with { Title = "Is it legal?" };
        Assert.Contains("“Is it legal?” EDRi", Citations.Mla(item));
        Assert.Contains("“Is it legal?” EDRi, May 28", Citations.ChicagoNote(item));
        Assert.Contains("(2024, May 28). Is it legal? EDRi.", Citations.Apa(item));
    }

    [Fact]
    public void Double_quotes_inside_a_quoted_title_become_single() =>
        Assert.Contains("“Chat control: ‘voluntary’ scanning.”", Citations.Mla(Sample() with { Title = "Chat control: \"voluntary\" scanning" }));

    [Fact]
    public void Quotation_marks_are_typographic_and_inner_ones_single() =>
        Assert.Contains("“Chat control: ‘voluntary’ scanning, ‘extended’ again.”",
            Citations.Mla(Sample() with { Title = "Chat control: \"voluntary\" scanning, 'extended' again" }));

    [Fact]
    public void A_period_after_a_quotation_that_ends_the_title_goes_inside_it()
    {
        var item = Sample("Jane Doe") with { Title = "Apple will \"take additional time\"" };
        Assert.Contains("(2024, May 28). Apple will “take additional time.” EDRi.", Citations.Apa(item));
        Assert.Contains("“Apple will ‘take additional time.’” EDRi, 28 May 2024", Citations.Mla(item));
        Assert.Contains("“Apple will ‘take additional time,’” EDRi, May 28", Citations.ChicagoNote(item));
    }

    [Fact]
    public void A_title_ending_with_a_quoted_question_keeps_its_question_mark_alone()
    {
        var item = Sample("Jane Doe") with { Title = "Ofcom asks \"is it feasible?\"" };
        Assert.Contains("Ofcom asks “is it feasible?” EDRi.", Citations.Apa(item));
        Assert.Contains("“Ofcom asks ‘is it feasible?’” EDRi, 28 May 2024", Citations.Mla(item));
    }

    [Theory]
    [InlineData("Ofcom's codes", "Ofcom’s codes")]
    [InlineData("the \"100%\" problem", "the “100%” problem")]
    [InlineData("\"Chat control\": a primer", "“Chat control”: a primer")]
    [InlineData("(\"quoted\")", "(“quoted”)")]
    [InlineData("=HYPERLINK(\"a\",\"b\")", "=HYPERLINK(“a”,“b”)")]
    [InlineData("no quotes", "no quotes")]
    public void Straight_quotes_become_typographic(string title, string expected) =>
        Assert.Equal(expected, CitationText.Typographic(title));

    [Fact]
    public void Two_people_in_one_author_string_are_never_cited_as_one_person_with_the_other_as_given_names()
    {
        // The pipeline splits such a string (AuthorNames); reaching a citation unsplit, it is kept whole.
        var item = Sample("Paddy Leerssen, Rachel Griffin");
        Assert.StartsWith("Paddy Leerssen, Rachel Griffin. (2024, May 28).", Citations.Apa(item));
        Assert.Contains("author = {{Paddy Leerssen, Rachel Griffin}}", Citations.BibTeX(item));
        Assert.StartsWith("Leerssen, P., & Griffin, R. (2024, May 28).", Citations.Apa(Sample("Paddy Leerssen", "Rachel Griffin")));
    }

    [Fact]
    public void Chicago_note_and_bibliography()
    {
        var item = Sample("Jane Doe", "John Smith");
        Assert.Equal("Jane Doe and John Smith, “A title,” EDRi, May 28, 2024, https://edri.org/a.", Citations.ChicagoNote(item));
        Assert.Equal("Doe, Jane, and John Smith. “A title.” EDRi, May 28, 2024. https://edri.org/a.", Citations.ChicagoBibliography(item));
    }

    [Fact]
    public void Chicago_without_author_puts_the_publisher_first_and_without_date_gives_access()
    {
        var item = Sample() with { DateIsFirstSeen = true };
        Assert.Equal("EDRi, “A title,” accessed November 22, 2026, https://edri.org/a.", Citations.ChicagoNote(item));
        Assert.Equal("EDRi. “A title.” Accessed November 22, 2026. https://edri.org/a.", Citations.ChicagoBibliography(item));
    }

    [Fact]
    public void Chicago_note_shortens_four_authors_to_et_al() =>
        Assert.StartsWith("Ann A et al., “A title,”", Citations.ChicagoNote(Sample("Ann A", "Ben B", "Cat C", "Dan D")));

    [Fact]
    public void Cited_url_prefers_canonical_then_original_then_permalink()
    {
        Assert.EndsWith("https://edri.org/canonical", Citations.Apa(Sample() with { CanonicalUrl = "https://edri.org/canonical" }));
        Assert.EndsWith("https://policywatch.example/items/1", Citations.Apa(Sample() with { Url = null }));
    }

    [Fact]
    public void Titles_lose_line_breaks_and_runs_of_spaces() =>
        Assert.Contains("A title over two lines.", Citations.Apa(Sample() with { Title = "A title\r\n  over\ttwo lines" }));
}
