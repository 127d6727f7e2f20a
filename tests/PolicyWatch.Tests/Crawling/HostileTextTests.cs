using System.Net;
using System.Text;
using Dapper;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

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

    private static string Words(int characters) =>
        string.Concat(Enumerable.Repeat("chat control encryption ", characters / 24 + 1))[..characters];

    private static string Paragraphs(int characters) =>
        string.Concat(Enumerable.Repeat("<p>Ministers <b>met</b> on <a href=\"https://example.org/x\">encryption</a> and chat control.</p>\n", characters / 90 + 1));

    /// <summary>An RSS item with any of its texts, each encoded as a feed carries HTML.</summary>
    private static string Item(string guid, string title, string? summaryHtml = null, string? author = null, string? contentHtml = null, string? link = null) =>
        $"<item><guid isPermaLink=\"false\">{guid}</guid><title>{WebUtility.HtmlEncode(title)}</title>" +
        $"<link>{WebUtility.HtmlEncode(link ?? $"https://example.org/{guid}")}</link><pubDate>Tue, 28 May 2024 09:00:00 GMT</pubDate>" +
        (summaryHtml is null ? "" : $"<description>{WebUtility.HtmlEncode(summaryHtml)}</description>") +
        (author is null ? "" : $"<dc:creator>{WebUtility.HtmlEncode(author)}</dc:creator>") +
        (contentHtml is null ? "" : $"<content:encoded>{WebUtility.HtmlEncode(contentHtml)}</content:encoded>") + "</item>\n";

    private static string Rss(params string[] items) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " +
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Hostile</title><link>https://example.org/</link>" +
        "<description>test</description>" + string.Concat(items) + "</channel></rss>";

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
