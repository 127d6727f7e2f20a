using System.Text.Json;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>A configured eventDate pattern that gives up on a title costs that item its event date, never the source its crawl.</summary>
public sealed class EventDateCrawlTests : IAsyncLifetime
{
    // Nested quantifiers over the same characters: exponential backtracking on a title that almost matches.
    private const string CatastrophicPattern = @"^(?<stage>(\w+\s?)+) on (?<date>\d{4}-\d{2}-\d{2})$";

    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_title_the_pattern_times_out_on_keeps_its_item_and_title_and_the_crawl_says_why()
    {
        const string hostile = "Second reading of the Online Safety Bill in the House of Lords and more words!";
        _server.Documents["bill.rss"] = Feeds.Rss("Bill", [
            Feeds.Item("b1", "Second reading on 2022-04-19", new DateTimeOffset(2022, 4, 20, 9, 0, 0, TimeSpan.Zero)),
            Feeds.Item("b2", hostile, new DateTimeOffset(2022, 4, 21, 9, 0, 0, TimeSpan.Zero)),
        ]);
        using var pipeline = new TestPipeline(TestCatalog.WithSourceJson($$"""
            { "id": "bill", "name": "Bill", "url": "{{_server.Url("doc/bill.rss")}}", "kind": "legislative",
              "dossier": "eu-csam-regulation", "jurisdiction": "uk", "every": "6h",
              "eventDate": { "from": "title", "pattern": {{JsonSerializer.Serialize(CatastrophicPattern)}}, "dateFormat": ["yyyy-MM-dd"] } }
            """));

        var report = await pipeline.CrawlAsync("bill");

        Assert.True(report.Succeeded, report.Error);
        Assert.Equal(2, report.New);
        Assert.Equal($"event date of \"{hostile}\" skipped: the eventDate pattern timed out on this title", report.Note);
        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM items WHERE title = @hostile AND published_at = '2022-04-21T09:00:00Z' AND stage IS NULL", new { hostile }));
        Assert.Equal(1, await pipeline.CountAsync(
            "SELECT count(*) FROM items WHERE title = 'Second reading on 2022-04-19' AND published_at = '2022-04-19T00:00:00Z' AND stage = 'Second reading'"));
    }
}
