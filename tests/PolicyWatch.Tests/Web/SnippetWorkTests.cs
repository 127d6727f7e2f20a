using System.Net;
using PolicyWatch.Storage.Search;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// Snippets are the costly part of a search: made for the pages and the API that show them, never for exports or feeds.
/// Counted by SQLite's snippet function (<see cref="BoundedSnippet"/>); PostgreSQL's headlines have no such count.
/// </summary>
[Collection(SiteCollection.Name), Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
public sealed class SnippetWorkTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Host.Client;

    private async Task<long> SnippetsMadeBy(string url)
    {
        var before = BoundedSnippet.MadeFor(site.DatabasePath);
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("chat control", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        return BoundedSnippet.MadeFor(site.DatabasePath) - before;
    }

    [Theory]
    [InlineData("/export.csv?q=chat+control")]
    [InlineData("/export.bib?q=chat+control&order=date")]
    [InlineData("/export.ris?q=chat+control")]
    [InlineData("/export.json?q=chat+control")]
    [InlineData("/feeds/timeline.atom?q=chat+control")]
    [InlineData("/feeds/timeline.rss?q=chat+control&order=date")]
    [InlineData("/feeds/j/eu.json?q=chat+control")]
    public async Task Exports_and_feeds_of_a_search_make_no_snippets(string url) =>
        Assert.Equal(0, await SnippetsMadeBy(url));

    [Theory]
    [InlineData("/timeline?q=chat+control")]
    [InlineData("/api/items?q=chat+control&limit=10")]
    public async Task The_search_page_and_the_api_make_a_snippet_per_hit_shown(string url) =>
        Assert.InRange(await SnippetsMadeBy(url), 1, 50);
}
