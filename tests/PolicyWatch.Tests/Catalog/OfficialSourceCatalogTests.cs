using PolicyWatch.Catalog;
using PolicyWatch.Official;
using PolicyWatch.Tests.Official;

namespace PolicyWatch.Tests.Catalog;

/// <summary>feeds.json's uk-bill and ep-procedure sources, and the Official settings.</summary>
public sealed class OfficialSourceCatalogTests
{
    private static IReadOnlyList<string> Errors(params string[] sources) =>
        Assert.Throws<CatalogException>(() => CatalogLoader.Load(OfficialSources.Json(sources), "feeds.json"))
            .Errors.Select(e => e.ToString()).ToList();

    [Fact]
    public void A_uk_bill_and_an_ep_procedure_source_are_legislative_and_point_at_their_official_pages()
    {
        var catalog = CatalogLoader.Load(OfficialSources.Json(OfficialSources.Bill, OfficialSources.Procedure), "feeds.json");

        var bill = catalog.FindSource("osb-api")!;
        Assert.Equal((SourceType.UkBill, 3137, ItemKind.Legislative, "uk-online-safety-act"), (bill.Type, bill.Bill, bill.Kind, bill.Dossier));
        Assert.Equal("https://bills.parliament.uk/bills/3137", bill.Url.AbsoluteUri);
        Assert.Equal(HistoryMode.Off, bill.History);
        var procedure = catalog.FindSource("ep-2022-0155")!;
        Assert.Equal((SourceType.EpProcedure, "2022/0155(COD)", "2022-0155"), (procedure.Type, procedure.Procedure!.ToString(), procedure.Procedure.ApiId));
        Assert.Equal("https://oeil.europarl.europa.eu/oeil/en/procedure-file?reference=2022/0155(COD)", procedure.Url.ToString());
        Assert.Equal(["uk-bill", "ep-procedure"], new[] { bill.Type.Name(), procedure.Type.Name() });
    }

    [Fact]
    public void What_a_parliaments_source_needs_or_cannot_take_is_an_error_at_its_path()
    {
        var errors = Errors(
            """{ "id": "a", "name": "A", "type": "uk-bill", "jurisdiction": "uk", "every": "6h", "dossier": "uk-online-safety-act" }""",
            """{ "id": "b", "name": "B", "type": "uk-bill", "bill": "3137", "jurisdiction": "uk", "every": "6h", "dossier": "uk-online-safety-act" }""",
            """{ "id": "c", "name": "C", "type": "ep-procedure", "procedure": "2022-0155", "jurisdiction": "eu", "every": "6h", "dossier": "eu-csam-regulation" }""",
            """{ "id": "d", "name": "D", "type": "ep-procedure", "jurisdiction": "eu", "every": "6h", "dossier": "eu-csam-regulation" }""",
            """{ "id": "e", "name": "E", "type": "uk-bill", "bill": 3137, "jurisdiction": "uk", "every": "6h" }""",
            """{ "id": "f", "name": "F", "type": "uk-bill", "bill": 3137, "url": "https://bills-api.parliament.uk/api/v1/Bills/3137", "jurisdiction": "uk", "every": "6h", "dossier": "uk-online-safety-act" }""",
            """{ "id": "g", "name": "G", "type": "ep-procedure", "procedure": "2022/0155(COD)", "kind": "article", "jurisdiction": "eu", "every": "6h", "dossier": "eu-csam-regulation" }""",
            """{ "id": "h", "name": "H", "url": "https://example.org/feed", "bill": 3137, "procedure": "2022/0155(COD)", "jurisdiction": "eu", "every": "6h" }""",
            """{ "id": "i", "name": "I", "type": "uk-bill", "bill": 3137, "history": "auto", "extract": true, "jurisdiction": "uk", "every": "6h", "dossier": "uk-online-safety-act" }""");

        Assert.Contains("sources[0].bill: is required for a uk-bill source: the bill's id on bills.parliament.uk, e.g. 3137", errors);
        Assert.Contains("sources[1].bill: must be a bill's id, a whole number such as 3137, not \"3137\"", errors);
        Assert.Contains("sources[2].procedure: \"2022-0155\" is not a procedure reference such as 2022/0155(COD)", errors);
        Assert.Contains("sources[3].procedure: is required", errors);
        Assert.Contains("sources[4].dossier: is required when \"kind\" is \"legislative\": legislative events belong to a dossier", errors);
        Assert.Contains("sources[5].url: is not used by uk-bill sources: the API's address is the setting Official:UkBillsUrl", errors);
        Assert.Contains("sources[6].kind: must be \"legislative\" for ep-procedure sources: they store official events", errors);
        Assert.Contains("sources[7].bill: is only used by sources of \"type\": \"uk-bill\"", errors);
        Assert.Contains("sources[7].procedure: is only used by sources of \"type\": \"ep-procedure\"", errors);
        Assert.Contains("sources[8].history: is only walked for sources of \"type\": \"feed\"; use \"off\" or leave it out", errors);
        Assert.Contains("sources[8].extract: is not used by uk-bill sources: they fetch no article pages", errors);
        Assert.DoesNotContain(errors, e => e.Contains("is not a known key"));
    }

    [Theory]
    [InlineData("ftp://bills.example", null, "Official:UkBillsUrl: \"ftp://bills.example/\" is not an absolute http(s) URL")]
    [InlineData(null, "file:///srv/europarl", "Official:EuroparlUrl: \"file:///srv/europarl\" is not an absolute http(s) URL")]
    public void An_api_address_that_is_not_http_stops_start_up(string? bills, string? europarl, string message)
    {
        var options = new OfficialOptions();
        if (bills is not null) options.UkBillsUrl = new Uri(bills);
        if (europarl is not null) options.EuroparlUrl = new Uri(europarl);

        Assert.Equal(message, Assert.Throws<OfficialOptionsException>(() => options.Validated()).Message);
    }
}
