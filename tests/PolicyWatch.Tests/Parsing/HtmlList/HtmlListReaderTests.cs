using PolicyWatch.Catalog;
using PolicyWatch.Parsing.Html;
using PolicyWatch.Parsing.HtmlList;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Parsing.HtmlList;

/// <summary>Whole pages: the Legislative Observatory key-events table and a Parltrack events list.</summary>
public class HtmlListReaderTests
{
    private static readonly Golden Golden = new("Parsing", "HtmlList", "testdata");
    private static readonly Uri OeilPage =
        new("https://oeil.secure.europarl.europa.eu/oeil/en/procedure-file?reference=2022/0155(COD)");

    private static readonly HtmlSelect OeilSelect = new(
        Item: "table.key-events tbody tr",
        Title: "td:nth-child(2)",
        Link: "td:nth-child(2)",
        Date: "td:nth-child(1)",
        DateFormats: ["dd/MM/yyyy"],
        Summary: "td:nth-child(4)",
        Stage: null,
        Reference: "td:nth-child(3)",
        Key: null);

    private static IReadOnlyList<HtmlRow> ReadOeil(string file) =>
        HtmlListReader.Read(Golden.Input(file), OeilPage, OeilSelect);

    [Fact]
    public void Key_events_table_yields_one_row_per_event_with_dates_links_and_references()
    {
        var rows = ReadOeil("oeil-key-events.html");

        Golden.AssertJson(rows, "oeil-key-events.expected.json");
        Assert.Equal(7, rows.Count);
        Assert.Equal(new DateTimeOffset(2022, 5, 11, 0, 0, 0, TimeSpan.Zero), rows[0].Date);
        Assert.Equal("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=COM:2022:0209:FIN", rows[0].Key);
        Assert.Equal("06/07/2022|Committee referral announced in Parliament, 1st reading", rows[1].Key);
        Assert.Equal("https://oeil.secure.europarl.europa.eu/oeil/en/document-summary?id=1766112", rows[4].Link?.AbsoluteUri);
    }

    [Fact]
    public void An_added_row_yields_exactly_one_more_row_and_leaves_the_others_as_they_were()
    {
        var before = ReadOeil("oeil-key-events.html");
        var after = ReadOeil("oeil-key-events-added-row.html");

        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal(before, after.Where(r => before.Any(b => b.Key == r.Key)));
        var added = Assert.Single(after, r => before.All(b => b.Key != r.Key));
        Assert.Equal("Debate in Council", added.Title);
        Assert.Equal(new DateTimeOffset(2025, 12, 8, 0, 0, 0, TimeSpan.Zero), added.Date);
    }

    [Fact]
    public void A_row_whose_text_changes_keeps_its_key_and_carries_the_new_title()
    {
        var before = ReadOeil("oeil-key-events.html");
        var after = ReadOeil("oeil-key-events-changed-row.html");

        Assert.Equal(before.Select(r => r.Key), after.Select(r => r.Key));
        var changed = Assert.Single(after, r => !before.Contains(r));
        Assert.Equal("https://oeil.secure.europarl.europa.eu/oeil/en/document-summary?id=1766112", changed.Key);
        Assert.Equal("Committee report tabled for plenary", changed.Title);
    }

    [Theory]
    [InlineData("empty.html")]
    [InlineData("oeil-no-table.html")]
    public void A_page_without_the_rows_is_an_error_naming_the_item_selector(string file)
    {
        var error = Assert.Throws<HtmlSelectException>(() => ReadOeil(file));

        Assert.Equal("select.item \"table.key-events tbody tr\" matched nothing on the page", error.Message);
    }

    [Fact]
    public void An_events_list_newest_first_is_read_in_page_order()
    {
        var select = new HtmlSelect(
            Item: "ul.events li.event",
            Title: ".type",
            Link: "a.doc",
            Date: ".date",
            DateFormats: ["yyyy-MM-dd"],
            Summary: ".summary",
            Stage: null,
            Reference: ".docs a",
            Key: null);

        var rows = HtmlListReader.Read(
            Golden.Input("parltrack-events.html"), new Uri("https://parltrack.org/dossier/2022/0155(COD)"), select);

        Golden.AssertJson(rows, "parltrack-events.expected.json");
        Assert.Equal(6, rows.Count);
        Assert.True(rows.Zip(rows.Skip(1)).All(pair => pair.First.Date >= pair.Second.Date));
        Assert.Equal("https://parltrack.org/activities/COM(2022)0209", rows[^1].Link?.AbsoluteUri);
    }

    [Fact]
    public async Task A_page_nested_deeper_than_a_thousand_elements_is_refused_with_a_reason()
    {
        // A bound, not a speed assertion: refused at once, where reading the nested rows took minutes.
        var page = string.Concat(Enumerable.Repeat("<ul><li><a href=\"x\">t</a>", 50_000));
        var select = new HtmlSelect("li", "a", "a", null, [], null, null, null, null);

        var error = await Assert.ThrowsAsync<HtmlSelectException>(
            () => Task.Run(() => HtmlListReader.Read(page, OeilPage, select)).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("the page nests elements more than 1000 deep (hostile or broken markup); it was not read", error.Message);
    }
}

