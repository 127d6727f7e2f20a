using System.Net;
using System.Text.Json;
using PolicyWatch.Parsing;

namespace PolicyWatch.Tests.Support.History;

/// <summary>The Internet Archive stand-in: its CDX answers and its replays.</summary>
public sealed class HistorySitesWaybackTests
{
    private const string Feed = "https://advocacy.example/feed/";

    /// <summary>Daily items at 10:00, captures at 00:00 and 12:00: a midnight capture repeats the noon one before it.</summary>
    private static WaybackOptions TwiceADay(Dictionary<int, CaptureKind>? bad = null) => new()
    {
        Items = GeneratedItems.Daily(365, new DateOnly(2019, 6, 1)),
        FeedSize = 10,
        OriginalUrl = Feed,
        CapturedAt = CaptureTimes.Every(TimeSpan.FromHours(12), new DateTimeOffset(2019, 6, 10, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2019, 6, 20, 0, 0, 0, TimeSpan.Zero)),
        BadCaptures = bad ?? [],
    };

    [Fact]
    public async Task The_CDX_answers_a_header_row_then_one_row_per_distinct_capture()
    {
        await using var site = await HistorySites.StartWaybackAsync(TwiceADay());
        using var client = HistoryClient.Create();

        var rows = await RowsAsync(client, site.CdxUrl("advocacy.example/feed"));
        var all = await RowsAsync(client, site.CdxUrl(Feed, "output=json&fl=timestamp,digest"));

        Assert.Equal(["timestamp", "original", "statuscode", "digest"], rows[0]);
        Assert.Equal(21, site.Captures.Count);
        Assert.Equal(22, all.Count);
        Assert.Equal(12, rows.Count);
        Assert.Equal(["20190610000000", "20190610120000", "20190611120000"], rows.Skip(1).Take(3).Select(r => r[0]));
        Assert.All(rows.Skip(1), r => Assert.Equal([Feed, "200"], r[1..3]));
        Assert.Equal(rows.Count - 1, rows.Skip(1).Select(r => r[3]).Distinct().Count());
    }

    [Fact]
    public async Task From_and_to_are_timestamp_prefixes_and_the_filter_drops_what_was_not_a_200()
    {
        await using var site = await HistorySites.StartWaybackAsync(TwiceADay(new() { [13] = CaptureKind.NotFound }));
        using var client = HistoryClient.Create();

        var days = await RowsAsync(client, site.CdxUrl(Feed, "output=json&fl=timestamp&from=20190615&to=20190616"));
        var collapsed = await RowsAsync(client, site.CdxUrl(Feed, "output=json&fl=timestamp&from=20190615&to=20190616&collapse=digest"));
        var filtered = await RowsAsync(client, site.CdxUrl(Feed, "output=json&fl=timestamp,statuscode&from=20190615&to=20190616&filter=statuscode:200"));
        var nextYear = await client.GetStringAsync(site.CdxUrl(Feed, "output=json&from=2020"));
        var elsewhere = await client.GetStringAsync(site.CdxUrl("https://other.example/feed/"));

        Assert.Equal(["20190615000000", "20190615120000", "20190616000000", "20190616120000"], days.Skip(1).Select(r => r[0]));
        Assert.Equal(["20190615000000", "20190615120000", "20190616120000"], collapsed.Skip(1).Select(r => r[0]));
        Assert.Equal(["20190615000000", "20190615120000", "20190616000000"], filtered.Skip(1).Select(r => r[0]));
        Assert.Equal("[]", nextYear.Trim());
        Assert.Equal("[]", elsewhere.Trim());
    }

    [Fact]
    public async Task A_capture_replays_as_the_feed_of_its_day_which_the_project_parser_reads()
    {
        await using var site = await HistorySites.StartWaybackAsync(TwiceADay());
        using var client = HistoryClient.Create();
        var (noon, midnight) = (site.Captures[1], site.Captures[2]);

        var (feed, _) = await client.FeedAsync(site.ReplayUrl(noon, Feed));
        var (next, _) = await client.FeedAsync(site.ReplayUrl(site.Captures[3], Feed));
        var repeat = await client.GetByteArrayAsync(site.ReplayUrl(midnight, Feed));

        Assert.False(feed.Bozo);
        Assert.Equal(site.ItemsAt(noon).Select(i => i.Guid), feed.Entries.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 10).Reverse(), site.ItemsAt(noon).Select(i => i.Id));
        Assert.Equal(9, feed.Entries.Select(e => e.Id).Intersect(next.Entries.Select(e => e.Id)).Count());
        Assert.Equal(await client.GetByteArrayAsync(site.ReplayUrl(noon, Feed)), repeat);
        Assert.Equal(noon.Digest, midnight.Digest);
    }

    [Fact]
    public async Task Bad_captures_answer_an_archive_page_a_503_a_cut_feed_or_plain_text()
    {
        await using var site = await HistorySites.StartWaybackAsync(TwiceADay(new()
        {
            [1] = CaptureKind.ArchiveErrorPage, [3] = CaptureKind.ServerError, [5] = CaptureKind.Truncated, [7] = CaptureKind.PlainText,
        }));
        using var client = HistoryClient.Create();

        var page = await client.GetAsync(site.ReplayUrl(site.Captures[1], Feed));
        var error = await client.GetAsync(site.ReplayUrl(site.Captures[3], Feed));
        var cut = await client.GetByteArrayAsync(site.ReplayUrl(site.Captures[5], Feed));
        var text = await client.GetAsync(site.ReplayUrl(site.Captures[7], Feed));

        Assert.Equal((HttpStatusCode.OK, "text/html"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "text/plain"), (text.StatusCode, text.Content.Headers.ContentType?.MediaType));
        var truncated = FeedParser.Parse(cut, "application/rss+xml", null);
        Assert.True(truncated.Bozo);
        Assert.Equal(5, site.IntactItems(site.Captures[5]).Count);
        Assert.Subset(site.IntactItems(site.Captures[5]).Select(i => i.Guid).ToHashSet(), truncated.Entries.Select(e => e.Id).OfType<string>().ToHashSet());
        Assert.DoesNotContain(site.ItemsAt(site.Captures[5])[5].Guid, truncated.Entries.Select(e => e.Id));
        Assert.All(new[] { 1, 3, 5, 7 }, i => Assert.Equal(200, site.Captures[i].StatusCode));
    }

    [Fact]
    public async Task A_timestamp_between_captures_redirects_to_the_nearest_and_a_replay_without_id_rewrites_links()
    {
        await using var site = await HistorySites.StartWaybackAsync(TwiceADay());
        using var client = HistoryClient.Create();

        var redirect = await client.GetAsync(site.Url($"/web/201906101300id_/{Feed}"));
        var (rewritten, _) = await client.FeedAsync(site.Url($"/web/20190610120000/{Feed}"));

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"/web/20190610120000id_/{Feed}", redirect.Headers.Location?.OriginalString);
        Assert.All(rewritten.Entries, e => Assert.StartsWith($"{site.BaseUrl}web/20190610120000/https://advocacy.example/", e.Link));
    }

    [Fact]
    public async Task A_huge_CDX_answer_is_streamed_row_by_row()
    {
        await using var site = await HistorySites.StartWaybackAsync(new WaybackOptions
        {
            CapturedAt = CaptureTimes.Every(TimeSpan.FromHours(1), new DateTimeOffset(2019, 6, 1, 0, 0, 0, TimeSpan.Zero), 50_000),
            BuildDateChangesEveryCapture = true,
        });
        using var client = HistoryClient.Create();

        using var response = await client.GetAsync(site.CdxUrl(Feed), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = 0;
        while (await reader.ReadLineAsync() is { } line)
            if (line.Length > 0) lines++;

        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal(50_001, lines);
    }

    [Fact]
    public async Task The_archive_can_refuse_the_Nth_request_with_a_429()
    {
        await using var site = await HistorySites.StartWaybackAsync(new WaybackOptions { Fault = SiteFault.TooManyRequests(onRequest: 2) });
        using var client = HistoryClient.Create();

        var first = await client.GetAsync(site.CdxUrl(Feed));
        var second = await client.GetAsync(site.CdxUrl(Feed));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(((HttpStatusCode)429, "1"), (second.StatusCode, second.Headers.GetValues("Retry-After").Single()));
    }

    private static async Task<List<string[]>> RowsAsync(HttpClient client, Uri url) =>
        JsonSerializer.Deserialize<List<string[]>>(await client.GetStringAsync(url))!;
}
