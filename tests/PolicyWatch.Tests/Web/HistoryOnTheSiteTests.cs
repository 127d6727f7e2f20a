using System.Net;
using Dapper;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Support.History;
using static PolicyWatch.Tests.History.HistoryAssertions;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// The real host on a fresh database: the scheduler's history job walks a source back to the
/// horizon by itself, /sources shows how far it got, and an item from history says so on its page.
/// </summary>
public sealed class HistoryOnTheSiteTests
{
    private static readonly DateOnly Start = new(2019, 6, 1);

    [Fact]
    public async Task A_fresh_install_recovers_a_sources_history_and_shows_it_on_sources_and_the_item_page()
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions { Items = GeneratedItems.Daily(50, Start) });
        var feeds = TestCatalog.WithSourceJson(Source("paged", site.FeedUrl))
            .Replace("{\n  \"jurisdictions\"", $"{{\n  \"history\": {{ \"since\": \"{Start:yyyy-MM-dd}\" }},\n  \"jurisdictions\"", StringComparison.Ordinal);
        await using var host = await RunningHost.StartAsync(feeds,
            "--Fetch:AllowedPrivateNetworks:0=127.0.0.0/8", "--History:WakeEvery=00:00:01", "--History:Pause=00:00:00.005", "--History:MaxPagesPerRun=2");
        var database = TestDatabases.Open(Path.Combine(host.Folder, "data", "pw.db"));

        await RunningHost.EventuallyAsync(async () => (await host.Client.GetStringAsync("/sources")).Contains("paged, finished, 40 items back to 2019-06-01"),
            "the history job to finish the walk, two pages a turn");

        await using var connection = await database.OpenAsync();
        Assert.Equal(50, await connection.ExecuteScalarAsync<long>("SELECT count(DISTINCT guid) FROM items WHERE source_id = 'paged'"));
        Assert.Equal(50, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items WHERE source_id = 'paged'"));
        var (id, from) = await connection.QuerySingleAsync<(long, string)>(
            "SELECT id, arrived_from FROM items WHERE arrived_via = 'history' ORDER BY published_at LIMIT 1");
        Assert.Equal(site.PageUrl(site.PageCount).AbsoluteUri, from);
        var item = await host.Client.GetStringAsync($"/items/{id}");
        Assert.Contains($"recovered from the source's history, from <a href=\"{WebUtility.HtmlEncode(from)}\"", item);
        Assert.Equal(10, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items WHERE arrived_via = 'crawl'"));
    }
}
