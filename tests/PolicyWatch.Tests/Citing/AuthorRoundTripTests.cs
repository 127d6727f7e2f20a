using System.Text;
using System.Text.Json;
using PolicyWatch.Citing;
using static PolicyWatch.Tests.Citing.CitingFixtures;

namespace PolicyWatch.Tests.Citing;

/// <summary>
/// Our BibTeX, RIS and CSL-JSON read back by strict readers of each format's name grammar (<see cref="NameListReaders"/>)
/// give back exactly the authors cited: how many, in which order, and which are people (family, given, suffix) and
/// which are kept whole (issue 14).
/// </summary>
public class AuthorRoundTripTests
{
    private static ReadName P(string family, string? given, string? suffix = null) => ReadName.Person(family, given, suffix);

    private static ReadName W(string literal) => ReadName.Whole(literal);

    public static TheoryData<string[], ReadName[]> Cases => new()
    {
        // Several people, with particles and initials.
        {
            ["Paddy Leerssen", "Rachel Griffin", "Leerssen, P.", "Ursula von der Leyen", "María José García-López"],
            [P("Leerssen", "Paddy"), P("Griffin", "Rachel"), P("Leerssen", "P."), P("von der Leyen", "Ursula"), P("García-López", "María José")]
        },
        // Suffixes.
        {
            ["Martin Luther King, Jr.", "King, Martin Luther, Jr.", "John Smith III"],
            [P("King", "Martin Luther", "Jr."), P("King", "Martin Luther", "Jr."), P("Smith", "John", "III")]
        },
        // Organisations.
        {
            ["Open Rights Group", "Fox and Partners Ltd", "EDRi", "Ofcom"],
            [W("Open Rights Group"), W("Fox and Partners Ltd"), W("EDRi"), W("Ofcom")]
        },
        // Family-first scripts.
        {
            ["山田 太郎", "김철수", "王小明"],
            [W("山田 太郎"), W("김철수"), W("王小明")]
        },
        // BibTeX's specials, in people's names and organisations'.
        {
            ["Ann_Marie O'Brien", "Zoë Müller-Łukasik", "Jean~Paul Dubois", "Procter & Gamble", "Bits {of} Freedom Foundation", "100% Open Society", "Back\\slash Team ^ $ #"],
            [P("O'Brien", "Ann_Marie"), P("Müller-Łukasik", "Zoë"), P("Dubois", "Jean~Paul"), W("Procter & Gamble"), W("Bits {of} Freedom Foundation"),
             W("100% Open Society"), W("Back\\slash Team ^ $ #")]
        },
    };

    private static CitableItem Cited(string[] authors) => Sample(authors) with { Publisher = "Example Press" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BibTeX_RIS_and_CSL_JSON_read_back_every_author(string[] authors, ReadName[] expected)
    {
        var item = Cited(authors);
        using var csl = JsonDocument.Parse(Citations.CslJson(item));

        Assert.Equal(expected, NameListReaders.BibTeX(Citations.BibTeX(item)));
        Assert.Equal(expected, NameListReaders.CslJson(csl.RootElement));
        Assert.Equal(expected, NameListReaders.Ris(Citations.Ris(item)));
    }

    [Fact]
    public void An_organisation_with_a_comma_is_one_name_in_every_format()
    {
        var item = Cited(["Department for Science, Innovation and Technology", "Jane Doe"]);
        using var csl = JsonDocument.Parse(Citations.CslJson(item));

        Assert.Equal([W("Department for Science, Innovation and Technology"), P("Doe", "Jane")], NameListReaders.BibTeX(Citations.BibTeX(item)));
        Assert.Equal([W("Department for Science, Innovation and Technology"), P("Doe", "Jane")], NameListReaders.CslJson(csl.RootElement));
        // RIS has no way to mark a corporate author but to leave the comma out (readers split at the first one).
        Assert.Equal([W("Department for Science Innovation and Technology"), P("Doe", "Jane")], NameListReaders.Ris(Citations.Ris(item)));
    }

    [Fact]
    public async Task Every_author_of_the_tricky_items_reads_back_from_each_export_in_order()
    {
        var bib = Encoding.UTF8.GetString(await ExportAsync(ExportFormat.BibTeX, Items)).Split("\n\n");
        var ris = Encoding.UTF8.GetString(await ExportAsync(ExportFormat.Ris, Items)).Split("ER  - \r\n", StringSplitOptions.RemoveEmptyEntries);
        using var csl = JsonDocument.Parse(await ExportAsync(ExportFormat.CslJson, Items));

        foreach (var (item, i) in Items.Select((item, i) => (item, i)))
        {
            var cited = item.Authors.Count;
            var fromCsl = NameListReaders.CslJson(csl.RootElement[i]);
            Assert.Equal(cited, fromCsl.Count);
            Assert.Equal(fromCsl, NameListReaders.BibTeX(bib[i]));
            Assert.Equal(fromCsl.Select(n => n.Literal is null ? n : W(n.Literal.Replace(",", ""))), NameListReaders.Ris(ris[i]));
        }
    }

    [Fact]
    public void The_readers_are_strict_and_an_unbraced_and_divides_a_name()
    {
        Assert.Throws<FormatException>(() => NameListReaders.BibTeX("  author = {Doe, Jane, Ann, Lee},\n"));
        Assert.Throws<FormatException>(() => NameListReaders.BibTeX("  author = {{Open Rights Group},\n"));
        Assert.Throws<FormatException>(() => NameListReaders.BibTeX("  author = {Doe, J{a}ne},\n"));
        Assert.Throws<FormatException>(() => NameListReaders.BibTeX("  author = {Doe \\emph{Jane}},\n"));
        Assert.Throws<FormatException>(() => NameListReaders.Ris("AU  - Doe, Jane, Jr., Extra\r\n"));
        Assert.Throws<FormatException>(() => NameListReaders.CslJson(JsonDocument.Parse("""{"author":[{"literal":"A","family":"B"}]}""").RootElement));
        Assert.Throws<FormatException>(() => NameListReaders.CslJson(JsonDocument.Parse("""{"author":[{"given":"A"}]}""").RootElement));
        // "and" splits an unbraced organisation into two people: what the writer must never leave unbraced.
        Assert.Equal([P("Fox", null), P("Partners", null)], NameListReaders.BibTeX("  author = {Fox and Partners},\n"));
    }
}
