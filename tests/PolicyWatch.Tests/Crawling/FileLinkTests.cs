using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// file: is for the operator's own sources. A page fetched over http that links to
/// file:///etc/passwd (directly, or relatively under a &lt;base href="file:///…"&gt;) must not get
/// that file read, archived, searched or shown.
/// </summary>
public sealed class FileLinkTests : IAsyncLifetime
{
    private FixtureServer _site = null!;

    public async Task InitializeAsync() => _site = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private const string Rows = """
        <tr><td>12/05/2022</td><td><a href="file:///etc/passwd">Commission proposal</a></td></tr>
        <tr><td>13/05/2022</td><td><a href="FILE:/etc/hostname">Announcement</a></td></tr>
        """;

    [Theory]
    [InlineData("")]
    [InlineData("<base href=\"file:///etc/\">")]
    public async Task Row_links_to_files_are_dropped_and_no_file_is_read(string head)
    {
        _site.Documents["events.html"] = $"""
            <html><head>{head}</head><body><table class="key-events"><tbody>
            {Rows}
            <tr><td>14/05/2022</td><td><a href="passwd">Relative to the base</a></td></tr>
            </tbody></table></body></html>
            """;
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson($$"""
            { "id": "oeil", "name": "OEIL", "url": "{{_site.Url("doc/events.html")}}", "type": "html", "jurisdiction": "eu",
              "kind": "legislative", "dossier": "eu-csam-regulation", "every": "6h", "extract": true,
              "select": { "item": "table.key-events tbody tr", "title": "td:nth-child(2)", "date": "td:nth-child(1)",
                          "link": "td:nth-child(2)", "dateFormat": "dd/MM/yyyy" } }
            """));

        var report = await pipeline.CrawlAsync("oeil");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(3, report.New);
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM items WHERE url LIKE 'file:%' OR lower(url) LIKE 'file:%'"));
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM items WHERE archived_text IS NOT NULL"));
        Assert.Empty((await new ItemQueries(pipeline.Database).PageAsync(new ItemFilter { Q = "root" }, null, 10)).Items);
    }

    [Fact]
    public async Task A_feed_item_linking_a_file_is_stored_without_a_link_and_nothing_is_read()
    {
        _site.Documents["feed.xml"] = Feeds.Rss("News", [Feeds.Item("passwd", "Look here", link: "file:///etc/passwd")]);
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson(
            $$"""{ "id": "news", "name": "News", "url": "{{_site.Url("doc/feed.xml")}}", "jurisdiction": "eu", "every": "1h", "extract": true }"""));

        var report = await pipeline.CrawlAsync("news");

        Assert.Equal(1, report.New);
        Assert.Equal(0, report.Archived);
        Assert.Equal(0, await pipeline.CountAsync("SELECT count(*) FROM items WHERE url IS NOT NULL"));
    }
}
