using PolicyWatch.Citing;
using static PolicyWatch.Tests.Citing.CitingFixtures;

namespace PolicyWatch.Tests.Citing;

/// <summary>Every style and format over the tricky item set, against the expected files beside it.</summary>
public class CitationsGoldenTests
{
    [Theory]
    [InlineData("items.apa.txt", "apa")]
    [InlineData("items.mla.txt", "mla")]
    [InlineData("items.chicago-note.txt", "chicago-note")]
    [InlineData("items.chicago-bibliography.txt", "chicago-bibliography")]
    public void Styles_match_golden_files(string file, string style)
    {
        Func<CitableItem, string> cite = style switch
        {
            "apa" => Citations.Apa,
            "mla" => Citations.Mla,
            "chicago-note" => Citations.ChicagoNote,
            _ => Citations.ChicagoBibliography,
        };
        AssertGolden(file, string.Concat(Items.Select(i => cite(i) + "\n")));
    }

    [Theory]
    [InlineData(ExportFormat.Csv, "items.csv")]
    [InlineData(ExportFormat.BibTeX, "items.bib")]
    [InlineData(ExportFormat.Ris, "items.ris")]
    [InlineData(ExportFormat.CslJson, "items.csl.json")]
    public async Task Exports_match_golden_files(ExportFormat format, string file) =>
        AssertGolden(file, await ExportAsync(format, Items));

    [Fact]
    public void Styles_are_single_lines_without_markup()
    {
        foreach (var item in Items)
            foreach (var text in new[] { Citations.Apa(item), Citations.Mla(item), Citations.ChicagoNote(item), Citations.ChicagoBibliography(item) })
            {
                Assert.DoesNotContain('\n', text);
                Assert.DoesNotContain('\r', text);
                Assert.DoesNotContain("  ", text);
            }
    }

    [Fact]
    public void The_citation_box_lists_every_style_once()
    {
        var item = Item(102);
        var all = Citations.All(item);
        Assert.Equal(["apa", "mla", "chicago-note", "chicago-bibliography", "bibtex", "ris", "csl-json"], all.Select(c => c.Id));
        Assert.Equal(Citations.Apa(item), all[0].Text);
        Assert.Equal(Citations.CslJson(item), all[^1].Text);
    }

    [Fact]
    public void The_citation_box_shows_ris_with_lf_and_files_keep_crlf()
    {
        var item = Item(101);
        var shown = Citations.All(item).Single(c => c.Id == "ris").Text;

        Assert.DoesNotContain('\r', shown);
        Assert.Equal(Citations.Ris(item).Replace("\r\n", "\n"), shown);
        Assert.EndsWith("ER  - \r\n", Citations.Ris(item));
    }

    [Fact]
    public async Task Item_citations_are_the_entries_of_the_exports()
    {
        var bib = System.Text.Encoding.UTF8.GetString(await ExportAsync(ExportFormat.BibTeX, Items));
        Assert.Equal(string.Join("\n", Items.Select(i => Citations.BibTeX(i) + "\n")), bib);
        var ris = System.Text.Encoding.UTF8.GetString(await ExportAsync(ExportFormat.Ris, Items));
        Assert.Equal(string.Concat(Items.Select(Citations.Ris)), ris);
    }
}
