using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using PolicyWatch.Citing;
using PolicyWatch.Tests.Syndication;
using static PolicyWatch.Tests.Citing.CitationChecks;
using static PolicyWatch.Tests.Citing.CitingFixtures;

namespace PolicyWatch.Tests.Citing;

/// <summary>
/// Our citations as reference managers read them (citation-js, biber, Zotero): the tricky item set, the
/// site's exports of every kind of item, and the citation box of an item page.
/// </summary>
public sealed class ConsumerCitationChecksTests(ConsumerSite site) : IClassFixture<ConsumerSite>
{
    [Fact]
    public async Task The_tricky_items_export_as_valid_bibtex_ris_and_csl_json_one_entry_each()
    {
        Assert.Empty(BibTeXProblems(Encoding.UTF8.GetString(await ExportAsync(ExportFormat.BibTeX, Items)), out var entries));
        Assert.Equal(Items.Count, entries);
        Assert.Empty(RisProblems(Encoding.UTF8.GetString(await ExportAsync(ExportFormat.Ris, Items)), out var records));
        Assert.Equal(Items.Count, records);
        Assert.Empty(CslJsonProblems(Encoding.UTF8.GetString(await ExportAsync(ExportFormat.CslJson, Items)), out var items));
        Assert.Equal(Items.Count, items);
    }

    [Fact]
    public async Task The_sites_exports_of_every_kind_of_item_pass()
    {
        var count = JsonDocument.Parse(await site.Host.Client.GetStringAsync("/api/items?limit=500")).RootElement.GetProperty("items").GetArrayLength();

        Assert.Empty(BibTeXProblems(await site.Host.Client.GetStringAsync("/export.bib"), out var entries));
        Assert.Empty(RisProblems(await site.Host.Client.GetStringAsync("/export.ris"), out var records));
        Assert.Empty(CslJsonProblems(await site.Host.Client.GetStringAsync("/export.json"), out var items));
        Assert.Equal((count, count, count), (entries, records, items));
        Assert.True(count >= 5, $"{count} items");
    }

    [Fact]
    public async Task A_milestone_is_cited_with_its_institution_as_a_literal_author()
    {
        var json = JsonDocument.Parse(await site.Host.Client.GetStringAsync("/export.json?kind=milestone")).RootElement;
        var proposal = json.EnumerateArray().Single(i => i.GetProperty("title").GetString()!.StartsWith("Commission proposes", StringComparison.Ordinal));

        Assert.Equal("Publications Office of the European Union", proposal.GetProperty("author")[0].GetProperty("literal").GetString());
        Assert.False(proposal.GetProperty("author")[0].TryGetProperty("family", out _));
        Assert.Equal("Publications Office of the European Union", proposal.GetProperty("publisher").GetString());
        var bib = await site.Host.Client.GetStringAsync("/export.bib?kind=milestone");
        Assert.Contains("author = {{European Parliament}}", bib);
        Assert.DoesNotContain("feeds.json", bib);
    }

    [Fact]
    public async Task The_citation_box_of_an_item_page_parses_as_each_format()
    {
        var id = JsonDocument.Parse(await site.Host.Client.GetStringAsync("/api/items?q=debates")).RootElement.GetProperty("items")[0].GetProperty("id").GetInt64();
        var page = new HtmlParser().ParseDocument(await site.Host.Client.GetStringAsync($"/items/{id}"));
        string Box(string style) => page.QuerySelector($"pre#cite-{style}")!.TextContent;

        Assert.Empty(BibTeXProblems(Box("bibtex"), out var entries));
        Assert.Equal(1, entries);
        Assert.Empty(CslJsonProblems($"[{Box("csl-json")}]", out _));
        // The page shows RIS with LF; a file of it has CRLF.
        Assert.Empty(RisProblems(Box("ris").Replace("\n", "\r\n"), out var records));
        Assert.Equal(1, records);
        Assert.Contains("“chat control”", Box("apa"));
        Assert.Contains("‘chat control’ & encryption.”", Box("mla"));
    }

    [Fact]
    public void The_checks_find_what_readers_trip_on()
    {
        Assert.NotEmpty(BibTeXProblems("@online{a-1,\n  title = {{A & B}},\n  url = {https://x}\n}\n", out _));
        Assert.NotEmpty(BibTeXProblems("@online{a-1,\n  title = {{A \\{ B}}\n}\n", out _));
        Assert.NotEmpty(BibTeXProblems("@online{a-1,\n  title = {{A}}\n}\n\n@online{a-1,\n  title = {{B}}\n}\n", out _));
        Assert.NotEmpty(RisProblems("TY  - NEWS\nER  - \n", out _));
        Assert.NotEmpty(RisProblems("TY  - NEWS\r\nTI  - A\r\n", out _));
        Assert.NotEmpty(CslJsonProblems("""[{"id":"a","type":"webpage","title":"A","author":[{"family":"Doe","literal":"Doe"}]}]""", out _));
        Assert.NotEmpty(CslJsonProblems("""[{"id":"a","type":"webpage","title":"A","issued":{"date-parts":[["2024"]]}}]""", out _));
    }
}
