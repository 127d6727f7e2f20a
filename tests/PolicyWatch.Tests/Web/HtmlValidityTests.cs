using System.Text.Json;
using PolicyWatch.Syndication;
using PolicyWatch.Tests.Syndication;

namespace PolicyWatch.Tests.Web;

/// <summary>Every page type of the crawled site passes the Nu HTML Checker's main rules (<see cref="HtmlChecks"/>).</summary>
[Collection(SiteCollection.Name)]
public sealed class HtmlValidityTests(SiteFixture site)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/j/eu")]
    [InlineData("/j/us?kind=article")]
    [InlineData("/dossiers")]
    [InlineData("/dossiers/eu-csam-regulation")]
    [InlineData("/dossiers/eu-csam-regulation?kind=milestone")]
    [InlineData("/topics/client-side-scanning")]
    [InlineData("/sources")]
    [InlineData("/sources?sort=failures")]
    [InlineData("/about")]
    [InlineData("/feeds")]
    [InlineData("/timeline")]
    [InlineData("/timeline?q=chat+control")]
    [InlineData("/timeline?q=%22debates&order=date")]
    [InlineData("/timeline?jurisdiction=eu&from=2024-01-01&to=2024-12-31&kind=article")]
    [InlineData("/j/mars")]
    [InlineData("/timeline?from=yesterday")]
    public async Task Pages_pass(string path) => AssertValid(path, await GetAsync(path));

    [Fact]
    public async Task Item_pages_pass_with_author_archive_same_story_failure_and_as_a_milestone()
    {
        var milestone = JsonDocument.Parse(await GetAsync("/api/items?kind=milestone&limit=1")).RootElement.GetProperty("items")[0].GetProperty("id").GetInt64();
        foreach (var id in new[] { site.StoryId, site.WireStoryId, milestone })
            AssertValid($"/items/{id}", await GetAsync($"/items/{id}"));
    }

    [Fact]
    public async Task The_older_page_of_a_timeline_passes()
    {
        var first = await GetAsync("/j/eu");
        var older = System.Text.RegularExpressions.Regex.Match(first, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(older);
        AssertValid(older, await GetAsync(System.Net.WebUtility.HtmlDecode(older)));
    }

    private async Task<string> GetAsync(string path)
    {
        var response = await site.Host.Client.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }

    internal static void AssertValid(string path, string html)
    {
        var problems = HtmlChecks.Problems(html);
        Assert.True(problems.Count == 0, $"{path}:\n{string.Join("\n", problems)}");
    }
}

/// <summary>The pages only the consumer site has: a digest, a legislative event, milestones with their publisher.</summary>
public sealed class MorePagesValidityTests(ConsumerSite site) : IClassFixture<ConsumerSite>
{
    [Fact]
    public async Task Digest_legislative_and_milestone_pages_pass()
    {
        var paths = new List<string>
        {
            $"/digests/weekly/j/eu/{ConsumerSite.Week.Key}",
            $"/digests/daily/dossiers/eu-csam-regulation/{DigestPeriod.Containing(DigestCadence.Daily, ConsumerSite.Week.Start.AddDays(1)).Key}",
        };
        foreach (var item in JsonDocument.Parse(await site.Host.Client.GetStringAsync("/api/items?limit=50")).RootElement.GetProperty("items").EnumerateArray())
            paths.Add($"/items/{item.GetProperty("id").GetInt64()}");
        foreach (var path in paths)
        {
            var response = await site.Host.Client.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
            HtmlValidityTests.AssertValid(path, await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("2024-05-28"), InlineData("2024-05-28T09:30:00Z"), InlineData("2024-05"), InlineData("2024"), InlineData("2024-W22"), InlineData("2024-05-28T09:30+02:00")]
    public void Valid_time_values(string value) => Assert.True(HtmlChecks.ValidDateTime(value));

    [Theory]
    [InlineData(""), InlineData("28 May 2024"), InlineData("2024-02-30"), InlineData("2024-13"), InlineData("2024-05-28T9:30Z")]
    public void Invalid_time_values(string value) => Assert.False(HtmlChecks.ValidDateTime(value));

    [Fact]
    public void The_checks_find_what_the_nu_checker_reports()
    {
        const string Head = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body><main><h1>h</h1>";
        Assert.NotEmpty(HtmlChecks.Problems(Head + "<p id=\"a\"></p><p id=\"a\"></p></main></body></html>"));
        Assert.NotEmpty(HtmlChecks.Problems(Head + "<p>x</div></main></body></html>"));
        Assert.NotEmpty(HtmlChecks.Problems(Head + "<pre>a&#xD;&#xA;b</pre></main></body></html>"));
        Assert.NotEmpty(HtmlChecks.Problems(Head + "<time datetime=\"today\">x</time></main></body></html>"));
        Assert.NotEmpty(HtmlChecks.Problems(Head + "<a href=x>y</a></main></body></html>"));
        Assert.NotEmpty(HtmlChecks.Problems(Head + "<section aria-labelledby=\"nope\"></section></main></body></html>"));
        Assert.NotEmpty(HtmlChecks.Problems(Head + "<a href=\"/a\"><a href=\"/b\">x</a></a></main></body></html>"));
        Assert.Empty(HtmlChecks.Problems(Head + "<p>fine</p></main></body></html>"));
    }
}
