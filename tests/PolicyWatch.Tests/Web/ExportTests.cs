using System.Net;
using System.Text;
using System.Text.Json;
using PolicyWatch.Tests.Citing;

namespace PolicyWatch.Tests.Web;

/// <summary>/export.{csv|bib|ris|json}?&lt;filters&gt;: any view as a file, streamed, parsing back to the view's items.</summary>
[Collection(SiteCollection.Name)]
public sealed class ExportTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Host.Client;

    private async Task<(HttpResponseMessage Response, string Body)> Export(string url)
    {
        var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Streamed: sent in chunks as it is written, its length not known up front.
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Null(response.Content.Headers.ContentLength);
        return (response, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Csv_exports_every_item_of_a_view_larger_than_one_database_page_streamed_with_a_filename()
    {
        var (response, body) = await Export("/export.csv?source=bulk");

        Assert.Equal("text/csv; charset=utf-8; header=present", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Matches("^\"?policywatch-bulk-\\d{8}\\.csv\"?$", response.Content.Headers.ContentDisposition.FileName);
        var records = Rfc4180Reader.Read(body.TrimStart('\uFEFF'));
        Assert.Equal("id", records[0][0]);
        Assert.Equal(SiteFixture.BulkItems, records.Count - 1);
        Assert.Equal(SiteFixture.BulkItems, records.Skip(1).Select(r => r[0]).Distinct().Count());
        Assert.Contains(records, r => r[2] == "bulk item 1 about chat control");
    }

    [Fact]
    public async Task BibTeX_RIS_and_CSL_JSON_exports_carry_the_filtered_items()
    {
        const string view = "?jurisdiction=eu&q=debates";

        var (bib, bibBody) = await Export("/export.bib" + view);
        Assert.Equal("application/x-bibtex; charset=utf-8", bib.Content.Headers.ContentType!.ToString());
        Assert.Equal(2, CountOf(bibBody, "@online{"));
        Assert.Contains("author = {Doe, Jane}", bibBody);

        var (ris, risBody) = await Export("/export.ris" + view);
        Assert.Equal("application/x-research-info-systems; charset=utf-8", ris.Content.Headers.ContentType!.ToString());
        Assert.Equal(2, CountOf(risBody, "ER  - "));

        var (json, jsonBody) = await Export("/export.json" + view);
        Assert.Equal("application/vnd.citationstyles.csl+json; charset=utf-8", json.Content.Headers.ContentType!.ToString());
        Assert.Matches("filename=\"?policywatch-eu-search-\\d{8}\\.json", json.Content.Headers.ContentDisposition!.ToString());
        var items = JsonDocument.Parse(jsonBody).RootElement;
        Assert.Equal(2, items.GetArrayLength());
        Assert.Contains(items.EnumerateArray(), i => i.GetProperty("title").GetString() == "Council debates chat control & encryption"
            && i.GetProperty("URL").GetString() == "https://example.org/story");
    }

    [Fact]
    public async Task An_empty_view_exports_just_the_header()
    {
        var (_, body) = await Export("/export.csv?jurisdiction=global");

        Assert.Single(Rfc4180Reader.Read(body.TrimStart('\uFEFF')));
    }

    [Theory]
    [InlineData("/export.csv?from=99999-01-01")]
    [InlineData("/export.bib?cursor=tampered")]
    [InlineData("/export.ris?dossier=nope")]
    public async Task Bad_export_addresses_are_400(string url) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync(url)).StatusCode);

    private static int CountOf(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
