using System.Text;
using Dapper;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using static PolicyWatch.Tests.Support.HostileFeed;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// Items with megabytes of text, crawled through the real pipeline from the fixture server: stored cut to the
/// limits, said so in the fetch note, and searchable at once.
/// </summary>
public sealed class HostileTextTests : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_feed_of_huge_items_is_stored_within_the_limits_and_its_fetch_note_says_what_was_cut()
    {
        _server.Documents["hostile.xml"] = Rss(
            Item("huge", Words(2_000_000), summaryHtml: Paragraphs(1_500_000), author: Words(600_000), contentHtml: Paragraphs(3_000_000)),
            Item("long-summary", "A long statement on encryption", summaryHtml: Words(200_000)),
            Item("ordinary", "Council debates chat control", summaryHtml: "<p>Ministers met.</p>", author: "Jane Doe"));
        Assert.InRange(Encoding.UTF8.GetByteCount(_server.Documents["hostile.xml"]), 7_000_000, 10 * 1024 * 1024);
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", _server.Url("doc/hostile.xml"))));

        var report = await pipeline.CrawlAsync("s").WaitAsync(Generous);

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(3, report.New);
        const string note = "2 items had fields cut to the limits: title (1 item), author (1 item), summary (2 items), content (1 item)";
        Assert.Equal(note, report.Note);
        Assert.Equal(note, (await pipeline.HealthAsync("s")).LastNote);
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM fetch_log WHERE note = @Note", new { Note = note }));
        Assert.Equal(1, await pipeline.CountAsync(
            """
            SELECT count(*) FROM items WHERE guid = 'huge'
              AND length(title) <= @Title AND title LIKE '%…' AND length(author) <= @Author AND author LIKE '%…'
              AND length(unpack(summary_text)) <= @Summary AND length(unpack(summary_html)) <= @Summary
              AND length(unpack(content_text)) <= @Text AND unpack(content_text) LIKE '%…'
            """, new { TextLimits.Title, TextLimits.Author, TextLimits.Summary, TextLimits.Text }));
        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM items WHERE guid = 'ordinary' AND title = 'Council debates chat control' AND author = 'Jane Doe'"));

        var page = await new ItemQueries(pipeline.Database).PageAsync(new ItemFilter { Q = "encryption OR \"chat control\"" }, null, 10).WaitAsync(Generous);
        Assert.Equal(3, page.Items.Count);
        Assert.All(page.Items, i => Assert.Contains("<mark>", i.Snippet));
    }

    [Fact]
    public async Task A_huge_archived_page_is_kept_cut_with_the_hash_of_what_is_kept()
    {
        _server.Documents["news.xml"] = Rss(Item("n1", "Ministers meet", link: _server.Url("doc/article.html").ToString()));
        _server.Documents["article.html"] = $"<!DOCTYPE html><html><head><title>Ministers meet</title></head><body><article>{Paragraphs(3_000_000)}</article></body></html>";
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson($$"""
            { "id": "news", "name": "News", "url": "{{_server.Url("doc/news.xml")}}", "jurisdiction": "eu", "every": "1h", "extract": true }
            """));

        var report = await pipeline.CrawlAsync("news").WaitAsync(Generous);

        Assert.Equal(1, report.Archived);
        await using var connection = await pipeline.Database.OpenAsync();
        var (text, hash) = await connection.QuerySingleAsync<(string, string)>("SELECT unpack(archived_text), archived_hash FROM items");
        Assert.InRange(text.Length, TextLimits.Text - 200, TextLimits.Text);
        Assert.EndsWith("…", text);
        Assert.Equal(Normalizer.Sha256(text), hash);
    }

    [Fact]
    public async Task A_huge_row_of_an_html_source_is_cut_and_the_fetch_note_says_so()
    {
        _server.Documents["oeil.html"] =
            $"""
            <html><body><table class="key-events"><tbody>
            <tr><td>11/05/2022</td><td><a href="/proposal">{Words(50_000)}</a></td><td>{Words(5_000)}</td><td>Proposal</td></tr>
            <tr><td>12/05/2022</td><td><a href="/other">Committee referral</a></td><td>A9-0001/2022</td><td>Referral</td></tr>
            </tbody></table></body></html>
            """;
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson($$"""
            { "id": "oeil", "name": "Legislative Observatory", "url": "{{_server.Url("doc/oeil.html")}}", "type": "html",
              "kind": "legislative", "dossier": "eu-csam-regulation", "jurisdiction": "eu", "every": "6h",
              "select": { "item": "table.key-events tbody tr", "title": "td:nth-child(2)", "link": "td:nth-child(2)",
                          "date": "td:nth-child(1)", "dateFormat": "dd/MM/yyyy", "reference": "td:nth-child(3)", "summary": "td:nth-child(4)" } }
            """));

        var report = await pipeline.CrawlAsync("oeil").WaitAsync(Generous);

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal("1 item had fields cut to the limits: title (1 item), reference (1 item)", report.Note);
        Assert.Equal(1, await pipeline.CountAsync("SELECT count(*) FROM items WHERE length(title) <= @Title AND title LIKE '%…' AND length(reference) <= @Label",
            new { TextLimits.Title, TextLimits.Label }));
    }
}
