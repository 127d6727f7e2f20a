using PolicyWatch.Catalog;
using PolicyWatch.Parsing.Html;
using PolicyWatch.Parsing.HtmlList;

namespace PolicyWatch.Tests.Parsing.HtmlList;

/// <summary>How each selector of a <c>select</c> block is read within a row, on small pages.</summary>
public class HtmlListReaderFieldTests
{
    private static readonly Uri Page = new("https://example.org/dossier/stages?id=7");

    private static HtmlSelect Select(
        string item = "li",
        string title = ".t",
        string? link = null,
        string? date = null,
        string[]? formats = null,
        string? summary = null,
        string? stage = null,
        string? reference = null,
        string? key = null) =>
        new(item, title, link, date, formats ?? [], summary, stage, reference, key);

    private static IReadOnlyList<HtmlRow> Read(string body, HtmlSelect select) =>
        HtmlListReader.Read($"<html><body><ul>{body}</ul></body></html>", Page, select);

    [Fact]
    public void Text_is_whitespace_collapsed_and_line_breaks_and_cells_do_not_glue_words()
    {
        var rows = Read("<li><span class='t'>\n  Vote in\u00a0committee<br>1st   reading </span></li>", Select());

        Assert.Equal("Vote in committee 1st reading", rows[0].Title);
    }

    [Fact]
    public void Date_formats_are_tried_in_order_and_a_date_only_format_gives_midnight_utc()
    {
        var select = Select(date: ".d", formats: ["dd/MM/yyyy", "d MMMM yyyy"]);

        var rows = Read("<li><b class='t'>A</b><i class='d'>14/11/2023</i></li><li><b class='t'>B</b><i class='d'>5 December 2022</i></li>", select);

        Assert.Equal(new DateTimeOffset(2023, 11, 14, 0, 0, 0, TimeSpan.Zero), rows[0].Date);
        Assert.Equal(new DateTimeOffset(2022, 12, 5, 0, 0, 0, TimeSpan.Zero), rows[1].Date);
    }

    [Fact]
    public void A_date_with_an_offset_is_converted_to_utc()
    {
        var select = Select(date: ".d", formats: ["yyyy-MM-dd'T'HH:mmzzz"]);

        var row = Read("<li><b class='t'>A</b><i class='d'>2024-06-20T16:45+02:00</i></li>", select)[0];

        Assert.Equal(new DateTimeOffset(2024, 6, 20, 14, 45, 0, TimeSpan.Zero), row.Date);
        Assert.Equal(TimeSpan.Zero, row.Date!.Value.Offset);
    }

    [Fact]
    public void An_unparseable_date_is_null_with_the_raw_text_kept()
    {
        var select = Select(date: ".d", formats: ["dd/MM/yyyy"]);

        var row = Read("<li><b class='t'>Forecast</b><i class='d'> Indicative plenary sitting date </i></li>", select)[0];

        Assert.Null(row.Date);
        Assert.Equal("Indicative plenary sitting date", row.DateRaw);
    }

    [Fact]
    public void Link_is_the_href_of_the_picked_element_or_of_the_first_link_inside_it_resolved_against_the_page()
    {
        var select = Select(link: ".l");

        var rows = Read(
            "<li><b class='t'>A</b><a class='l' href='../doc/1.pdf'>pdf</a></li>" +
            "<li><b class='t'>B</b><span class='l'><a href='?id=8'>next</a><a href='/other'>other</a></span></li>",
            select);

        Assert.Equal("https://example.org/doc/1.pdf", rows[0].Link?.AbsoluteUri);
        Assert.Equal("https://example.org/dossier/stages?id=8", rows[1].Link?.AbsoluteUri);
        Assert.Equal(rows[0].Link?.AbsoluteUri, rows[0].Key);
    }

    [Fact]
    public void A_base_element_changes_what_relative_links_mean()
    {
        var html = "<html><head><base href='https://mirror.example.net/oeil/'></head><body>" +
                   "<ul><li><b class='t'>A</b><a href='doc/1'>x</a></li></ul></body></html>";

        var row = HtmlListReader.Read(html, Page, Select(link: "a"))[0];

        Assert.Equal("https://mirror.example.net/oeil/doc/1", row.Link?.AbsoluteUri);
    }

    [Theory]
    [InlineData("#")]
    [InlineData("javascript:void(0)")]
    [InlineData("mailto:press@example.org")]
    [InlineData("")]
    public void Links_that_point_nowhere_are_no_link_and_the_key_falls_back(string href)
    {
        var select = Select(link: "a", date: ".d", formats: ["dd/MM/yyyy"]);

        var row = Read($"<li><b class='t'>Vote</b><i class='d'>14/11/2023</i><a href='{href}'>x</a></li>", select)[0];

        Assert.Null(row.Link);
        Assert.Equal("14/11/2023|Vote", row.Key);
    }

    [Fact]
    public void Without_a_link_the_key_selector_gives_the_identity()
    {
        var select = Select(link: "a", key: "[data-event-id]", date: ".d", formats: ["dd/MM/yyyy"]);

        var row = Read("<li><b class='t'>Vote</b><i class='d'>14/11/2023</i><span data-event-id>ev-4471</span></li>", select)[0];

        Assert.Equal("ev-4471", row.Key);
    }

    [Fact]
    public void Without_link_or_key_the_identity_is_date_and_title_even_without_a_date()
    {
        var rows = Read("<li><b class='t'>Vote</b></li>", Select(date: ".d", formats: ["dd/MM/yyyy"]));

        Assert.Equal("|Vote", rows[0].Key);
        Assert.Null(rows[0].DateRaw);
    }

    [Fact]
    public void Rows_sharing_a_link_get_keys_that_tell_them_apart()
    {
        var select = Select(link: "a", date: ".d", formats: ["dd/MM/yyyy"]);

        var rows = Read(
            "<li><b class='t'>Report tabled</b><i class='d'>16/11/2023</i><a href='/doc/A9-0364'>doc</a></li>" +
            "<li><b class='t'>Debate in plenary</b><i class='d'>21/11/2023</i><a href='/doc/A9-0364'>doc</a></li>" +
            "<li><b class='t'>Vote</b><i class='d'>22/11/2023</i><a href='/doc/vote'>doc</a></li>",
            select);

        Assert.Equal(
            ["https://example.org/doc/A9-0364|16/11/2023|Report tabled",
             "https://example.org/doc/A9-0364|21/11/2023|Debate in plenary",
             "https://example.org/doc/vote"],
            rows.Select(r => r.Key));
    }

    [Fact]
    public void Optional_selectors_that_match_nothing_in_a_row_give_null()
    {
        var select = Select(link: "a", date: ".d", formats: ["dd/MM/yyyy"], summary: ".s", stage: ".st", reference: ".r");

        var row = Read("<li><b class='t'>Vote</b><span class='r'>  </span></li>", select)[0];

        Assert.Equal(new HtmlRow("|Vote", "Vote", null, null, null, null, null, null), row);
    }

    [Fact]
    public void Summary_stage_and_reference_take_the_text_of_their_elements()
    {
        var select = Select(summary: ".s", stage: ".st", reference: ".r");

        var row = Read("<li><b class='t'>Vote</b><p class='s'>Adopted <em>51</em> to 2.</p><span class='st'>1st reading</span><span class='r'>A9-0364/2023</span></li>", select)[0];

        Assert.Equal(("Adopted 51 to 2.", "1st reading", "A9-0364/2023"), (row.Summary, row.Stage, row.Reference));
    }

    [Fact]
    public void Rows_with_an_empty_title_are_skipped()
    {
        var rows = Read("<li><b class='t'> </b></li><li><b class='t'>Vote</b></li><li>no title cell</li>", Select());

        Assert.Equal(["Vote"], rows.Select(r => r.Title));
    }

    [Fact]
    public void A_title_selector_matching_nothing_in_any_row_is_an_error_naming_it()
    {
        var error = Assert.Throws<HtmlSelectException>(() => Read("<li>a</li><li>b</li>", Select(title: "td:nth-child(2)")));

        Assert.Equal("select.title \"td:nth-child(2)\" matched nothing in any of the 2 rows picked by select.item \"li\"", error.Message);
    }

    [Fact]
    public void An_invalid_selector_is_an_error_naming_its_key_and_text()
    {
        var error = Assert.Throws<HtmlSelectException>(() => Read("<li><b class='t'>A</b></li>", Select(date: "td:nth(1)", formats: ["dd/MM/yyyy"])));

        Assert.StartsWith("select.date \"td:nth(1)\" is not a valid CSS selector: ", error.Message);
        Assert.Contains(":nth", error.Message[40..]);
    }

    [Fact]
    public void Validation_names_every_invalid_selector_and_accepts_valid_ones()
    {
        var select = Select(item: "table.key-events tbody tr", title: "td:nth-child(2", link: "td a", reference: "td[", key: "td:visible");

        var errors = HtmlListReader.ValidateSelectors(select);

        Assert.Collection(errors,
            e => Assert.Equal("select.title \"td:nth-child(2\" is not a valid CSS selector: its parentheses ( ) do not pair up", e),
            e => Assert.Equal("select.reference \"td[\" is not a valid CSS selector: its brackets [ ] do not pair up", e),
            e => Assert.Equal("select.key \"td:visible\" is not a valid CSS selector: \":visible\" is not a pseudo-class AngleSharp knows (e.g. :nth-child(2), :first-child, :not(.x))", e));
        Assert.Empty(HtmlListReader.ValidateSelectors(Select(item: "table.key-events tbody tr", title: "td:nth-child(2)", link: "td:nth-child(2) a")));
    }
}
