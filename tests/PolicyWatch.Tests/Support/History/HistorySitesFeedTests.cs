using System.Net;

namespace PolicyWatch.Tests.Support.History;

/// <summary>The RFC 5005 archived feed and the paged feed, walked by hand.</summary>
public sealed class HistorySitesFeedTests
{
    [Theory]
    [InlineData(FeedFormat.Atom, false)]
    [InlineData(FeedFormat.Rss, true)]
    public async Task Walking_prev_archive_from_the_subscription_document_reaches_every_entry_once(FeedFormat format, bool relativeLinks)
    {
        await using var site = await HistorySites.StartArchivedFeedAsync(new ArchivedFeedOptions
        {
            Items = GeneratedItems.Daily(100, new DateOnly(2019, 6, 1)), EntriesPerDocument = 10, Format = format, RelativeLinks = relativeLinks,
        });
        using var client = HistoryClient.Create();

        var guids = new List<string>();
        var archives = 0;
        for (Uri? url = site.FeedUrl; url is not null;)
        {
            var (feed, xml) = await client.FeedAsync(url);
            guids.AddRange(feed.Entries.Select(e => e.Id!));
            var links = HistoryClient.Links(xml, url);
            if (url != site.FeedUrl)
            {
                archives++;
                Assert.Contains("<fh:archive/>", xml);
                Assert.Equal(site.FeedUrl, links["current"]);
            }
            url = links.GetValueOrDefault("prev-archive");
        }

        Assert.Equal(9, archives);
        Assert.Equal(site.Items.Select(i => i.Guid).Reverse(), guids);
        Assert.Equal(10, site.Requests.Count);
    }

    [Fact]
    public async Task Archives_link_both_ways_and_the_newest_chunk_stays_in_the_subscription_document_only()
    {
        await using var site = await HistorySites.StartArchivedFeedAsync(new ArchivedFeedOptions { Items = GeneratedItems.Daily(25, new DateOnly(2019, 6, 1)) });
        using var client = HistoryClient.Create();

        var (_, first) = await client.FeedAsync(site.ArchiveUrl(1));
        var (_, second) = await client.FeedAsync(site.ArchiveUrl(2));
        var (subscription, _) = await client.FeedAsync(site.FeedUrl);

        Assert.Equal(2, site.ArchiveCount);
        Assert.False(HistoryClient.Links(first, site.ArchiveUrl(1)).ContainsKey("prev-archive"));
        Assert.Equal(site.ArchiveUrl(2), HistoryClient.Links(first, site.ArchiveUrl(1))["next-archive"]);
        Assert.Equal(site.ArchiveUrl(1), HistoryClient.Links(second, site.ArchiveUrl(2))["prev-archive"]);
        // Items 16-25 are newest: 16-20 are also in archive 2, as between two archivings of a live feed.
        Assert.Equal(Enumerable.Range(16, 10).Reverse(), subscription.Entries.Select(e => int.Parse(e.Id!.Split("?p=")[1])));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(site.ArchiveUrl(3))).StatusCode);
    }

    [Fact]
    public async Task The_cycle_variant_points_the_oldest_archive_back_at_the_newest()
    {
        await using var site = await HistorySites.StartArchivedFeedAsync(new ArchivedFeedOptions { Cycle = true });
        using var client = HistoryClient.Create();

        var (_, oldest) = await client.FeedAsync(site.ArchiveUrl(1));

        Assert.Equal(site.ArchiveUrl(site.ArchiveCount), HistoryClient.Links(oldest, site.ArchiveUrl(1))["prev-archive"]);
    }

    [Theory]
    [InlineData(FeedFormat.Rss)]
    [InlineData(FeedFormat.Atom)]
    public async Task Following_next_links_reaches_every_item_and_the_page_after_the_last_is_404(FeedFormat format)
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions
        {
            Items = GeneratedItems.Daily(95, new DateOnly(2019, 6, 1)), PageSize = 20, Format = format,
        });
        using var client = HistoryClient.Create();

        var guids = new List<string>();
        for (Uri? url = site.FeedUrl; url is not null;)
        {
            var (feed, xml) = await client.FeedAsync(url);
            guids.AddRange(feed.Entries.Select(e => e.Id!));
            url = HistoryClient.Links(xml, url).GetValueOrDefault("next");
        }

        Assert.Equal(5, site.PageCount);
        Assert.Equal(site.Items.Select(i => i.Guid).Reverse(), guids);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(site.PageUrl(6))).StatusCode);
    }

    [Fact]
    public async Task The_bad_paged_feed_links_its_last_page_back_to_page_one()
    {
        await using var site = await HistorySites.StartPagedFeedAsync(new PagedFeedOptions { Items = GeneratedItems.Daily(30, new DateOnly(2019, 6, 1)), NextLinkLoops = true });
        using var client = HistoryClient.Create();

        var (_, last) = await client.FeedAsync(site.PageUrl(3));
        var next = HistoryClient.Links(last, site.PageUrl(3))["next"];
        var (again, _) = await client.FeedAsync(next);

        Assert.Equal("/feed.xml?page=1", next.PathAndQuery);
        Assert.Equal(site.PageItems(1).Select(i => i.Guid), again.Entries.Select(e => e.Id));
    }
}
