using System.Net;
using System.Xml.Linq;
using PolicyWatch.Parsing;

namespace PolicyWatch.Tests.Support.History;

/// <summary>The history fixtures themselves: generated items, request recording and faults.</summary>
public sealed class HistorySitesTests
{
    [Fact]
    public void Daily_items_are_one_a_day_with_stable_identities_and_a_predictable_topic()
    {
        var items = GeneratedItems.Daily(2000, new DateOnly(2019, 6, 1));

        Assert.Equal(2000, items.Count);
        Assert.Equal(new DateTimeOffset(2019, 6, 1, 10, 0, 0, TimeSpan.Zero), items[0].Published);
        Assert.All(items.Zip(items.Skip(1)), pair => Assert.Equal(TimeSpan.FromDays(1), pair.Second.Published - pair.First.Published));
        Assert.Equal(2000, items.Select(i => i.Guid).Distinct().Count());
        Assert.Equal(2000, items.Select(i => i.Link).Distinct().Count());
        Assert.Equal(items, GeneratedItems.Daily(2000, new DateOnly(2019, 6, 1)));
        Assert.All(items, i => Assert.Equal(i.OnTopic, i.Id % 3 == 0));
        Assert.All(items, i => Assert.Equal(i.OnTopic, Mentions(i.Title) && Mentions(i.Description)));
        Assert.Contains(items, i => i.Title.StartsWith("Staff picnic", StringComparison.Ordinal));
    }

    [Fact]
    public void The_topic_predicate_decides_which_items_are_on_topic()
    {
        var items = GeneratedItems.Daily(10, new DateOnly(2020, 1, 1), onTopic: id => id <= 2);

        Assert.Equal([1, 2], items.Where(i => i.OnTopic).Select(i => i.Id));
        Assert.All(items.Where(i => !i.OnTopic), i => Assert.False(Mentions(i.Title + i.Description)));
    }

    [Fact]
    public async Task A_site_records_every_request_with_its_status_and_counts_per_path()
    {
        await using var site = await HistorySites.StartPagedFeedAsync();
        using var client = HistoryClient.Create();

        await client.GetAsync(site.FeedUrl);
        await client.GetAsync(site.PageUrl(2));
        await client.GetAsync(site.PageUrl(2));
        await client.GetAsync(site.PageUrl(99));

        Assert.Equal(["/feed.xml", "/feed.xml?page=2", "/feed.xml?page=2", "/feed.xml?page=99"], site.Requests.Select(r => r.PathAndQuery));
        Assert.Equal([200, 200, 200, 404], site.Requests.Select(r => r.StatusCode));
        Assert.Equal([1, 2, 3, 4], site.Requests.Select(r => r.Number));
        Assert.Equal(2, site.Hits("/feed.xml?page=2"));
        Assert.Equal(4, site.HitsOnPath("/feed.xml"));
        Assert.Equal(3, site.GapsBetweenRequests.Count);
        Assert.Equal(1, site.MaxInFlight);
    }

    [Fact]
    public async Task Concurrent_requests_show_in_max_in_flight()
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions { ResponseDelay = TimeSpan.FromMilliseconds(300) });
        using var client = HistoryClient.Create();

        await Task.WhenAll(Enumerable.Range(1, 3).Select(page => client.GetAsync(site.PageUrl(page))));

        Assert.Equal(3, site.MaxInFlight);
    }

    [Fact]
    public async Task A_fault_answers_the_Nth_request_and_the_walk_can_resume_after_it()
    {
        await using var site = await HistorySites.StartArchivedFeedAsync(new ArchivedFeedOptions { Fault = SiteFault.ServerError(onRequest: 3) });
        using var client = HistoryClient.Create();

        var statuses = new List<HttpStatusCode>();
        foreach (var number in new[] { 9, 8, 7, 7 })
            statuses.Add((await client.GetAsync(site.ArchiveUrl(number))).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.InternalServerError, HttpStatusCode.OK], statuses);
        Assert.Equal(500, site.Requests[2].StatusCode);
    }

    [Fact]
    public async Task A_429_fault_says_when_to_retry_and_can_be_set_while_the_site_runs()
    {
        await using var site = await HistorySites.StartWordPressAsync();
        using var client = HistoryClient.Create();
        await client.GetAsync(site.FeedUrl);

        site.Fault = SiteFault.TooManyRequests(onRequest: site.RequestCount + 1, retryAfterSeconds: 1, times: 2);
        var first = await client.GetAsync(site.FeedPageUrl(2));
        var second = await client.GetAsync(site.FeedPageUrl(2));
        var third = await client.GetAsync(site.FeedPageUrl(2));

        Assert.Equal((HttpStatusCode)429, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    private static bool Mentions(string text) =>
        text.Contains("chat control", StringComparison.OrdinalIgnoreCase) || text.Contains("client-side scanning", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What the fixture tests need to walk a site by hand: a client that shows redirects, and a document's links and entries.</summary>
internal static class HistoryClient
{
    public static HttpClient Create() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The Atom link relations in a feed's head (RSS <c>atom:link</c> or Atom <c>link</c>), hrefs resolved against the document.</summary>
    public static Dictionary<string, Uri> Links(string xml, Uri documentUrl)
    {
        var root = XDocument.Parse(xml).Root!;
        var head = root.Name.LocalName == "rss" ? root.Element("channel")! : root;
        return head.Elements(XName.Get("link", HistoryFeedWriter.AtomNamespace))
            .ToDictionary(l => (string)l.Attribute("rel")!, l => new Uri(documentUrl, (string)l.Attribute("href")!));
    }

    /// <summary>Fetches and parses a feed with the project's own parser.</summary>
    public static async Task<(ParsedFeed Feed, string Xml)> FeedAsync(this HttpClient client, Uri url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        var feed = FeedParser.Parse(body, response.Content.Headers.ContentType?.ToString(), url);
        Assert.False(feed.Bozo, feed.BozoReason);
        return (feed, System.Text.Encoding.UTF8.GetString(body));
    }
}
