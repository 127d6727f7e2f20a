using System.Net;
using PolicyWatch.Parsing;
using PolicyWatch.Storage;
using PolicyWatch.Syndication;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Syndication;

namespace PolicyWatch.Tests.Web;

/// <summary>A digest entry's link opens a page with exactly the entry's items, whatever dates the items give.</summary>
public sealed class DigestPageTests : IAsyncLifetime
{
    private RunningHost _host = null!;

    /// <summary>Two weeks before this one: closed and published whatever the day of the test run.</summary>
    private readonly DigestPeriod _week = DigestPeriod.Containing(DigestCadence.Weekly, DateTimeOffset.UtcNow).Previous().Previous();

    public async Task InitializeAsync()
    {
        // Port 9 (discard) on loopback: crawls fail fast and add nothing; the items below are the data.
        _host = await RunningHost.StartAsync(TestCatalog.Json(new TestCatalog.Source("eu-news", new Uri("http://127.0.0.1:9/feed"))));
        var database = TestDatabases.Open(Path.Combine(_host.Folder, "data", "pw.db"));
        async Task Seen(string guid, string title, DateTimeOffset published, DateTimeOffset firstSeen, string arrivedVia = "crawl") =>
            await StoredItems.InsertAsync(database, new StoredItems.Row(guid, title, published) { FirstSeenAt = firstSeen, ArrivedVia = arrivedVia });
        await Seen("late", "Published months before it was seen", _week.Start.AddMonths(-3), _week.Start.AddHours(3));
        await Seen("on-time", "Published and seen in the week", _week.Start.AddDays(2), _week.Start.AddDays(2));
        await Seen("sunday", "Seen on the Sunday night", _week.Start.AddDays(6), _week.End.AddSeconds(-1));
        await Seen("next", "Seen the Monday after", _week.End, _week.End);
        await Seen("archives", "Recovered from the archives", _week.Start.AddYears(-1), _week.Start.AddHours(4), arrivedVia: "history");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_weekly_entry_links_to_a_page_listing_exactly_its_items()
    {
        var response = await _host.Client.GetAsync("/feeds/digest/weekly/j/eu.atom");
        var feed = FeedParser.Parse(await response.Content.ReadAsByteArrayAsync(), "application/atom+xml", response.RequestMessage!.RequestUri);
        var entry = feed.Entries.Single(e => e.Id!.EndsWith("/" + _week.Key, StringComparison.Ordinal));
        Assert.EndsWith("(3 stories)", entry.Title);

        var link = new Uri(entry.Link!);
        Assert.Equal($"/digests/weekly/j/eu/{_week.Key}", link.AbsolutePath);
        var html = WebUtility.HtmlDecode(await _host.Client.GetStringAsync(link.PathAndQuery));

        Assert.Contains($"<h1>{entry.Title}</h1>", html);
        Assert.Contains("Published months before it was seen", html);
        Assert.Contains("Published and seen in the week", html);
        Assert.Contains("Seen on the Sunday night", html);
        Assert.DoesNotContain("Seen the Monday after", html);
        Assert.DoesNotContain("Recovered from the archives", html);
        Assert.Equal(3, html.Split("class=\"item kind-").Length - 1);
        Assert.DoesNotContain("Nothing matches", html);
        Assert.Contains("href=\"/feeds/digest/weekly/j/eu.atom\"", html);
    }

    [Theory]
    [InlineData("/digests/weekly/j/eu/{open}")]
    [InlineData("/digests/weekly/j/eu/2001-01-01")]
    [InlineData("/digests/weekly/j/eu/9999-12-31")]
    [InlineData("/digests/weekly/j/eu/{tuesday}")]
    [InlineData("/digests/weekly/j/eu/last-week")]
    [InlineData("/digests/monthly/j/eu/{week}")]
    [InlineData("/digests/weekly/j/mars/{week}")]
    [InlineData("/digests/weekly/sources/eu-news/{week}")]
    public async Task Only_a_published_period_of_a_known_scope_has_a_page(string path)
    {
        var url = path.Replace("{open}", DigestPeriod.Containing(DigestCadence.Weekly, DateTimeOffset.UtcNow).Key)
            .Replace("{tuesday}", _week.Start.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Replace("{week}", _week.Key);

        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_daily_digest_page_lists_its_day()
    {
        var day = DigestPeriod.Containing(DigestCadence.Daily, _week.Start.AddHours(3));

        var html = WebUtility.HtmlDecode(await _host.Client.GetStringAsync($"/digests/daily/j/eu/{day.Key}"));

        Assert.Contains("Published months before it was seen", html);
        Assert.DoesNotContain("Published and seen in the week", html);
    }
}
