using System.Net;
using System.Text.Json;

namespace PolicyWatch.Tests.Support.History;

/// <summary>The WordPress site: paged feeds, search feed and REST API, as WordPress 6 answers them.</summary>
public sealed class HistorySitesWordPressTests
{
    private static readonly IReadOnlyList<GeneratedItem> Posts = GeneratedItems.Daily(45, new DateOnly(2023, 1, 1));

    [Fact]
    public async Task The_feed_is_recognisable_as_WordPress_and_paged_N_ends_in_404()
    {
        await using var site = await HistorySites.StartWordPressAsync(new WordPressOptions { Items = Posts });
        using var client = HistoryClient.Create();

        var first = await client.GetAsync(site.FeedUrl);
        var guids = new List<string>();
        var page = 1;
        for (; ; page++)
        {
            var response = await client.GetAsync(site.FeedPageUrl(page));
            if (response.StatusCode == HttpStatusCode.NotFound) break;
            guids.AddRange((await client.FeedAsync(site.FeedPageUrl(page))).Feed.Entries.Select(e => e.Id!));
        }

        Assert.Contains("<generator>https://wordpress.org/?v=6.4.2</generator>", await first.Content.ReadAsStringAsync());
        Assert.Equal($"<{site.BaseUrl}wp-json/>; rel=\"https://api.w.org/\"", first.Headers.GetValues("Link").Single());
        Assert.Equal(6, page);
        Assert.Equal(5, site.FeedPageCount);
        Assert.Equal(Posts.Select(i => i.Guid).Reverse(), guids);
    }

    [Fact]
    public async Task Paged_1_redirects_permanently_to_the_feed_itself()
    {
        await using var site = await HistorySites.StartWordPressAsync();
        using var client = HistoryClient.Create();

        var response = await client.GetAsync(site.Url("/feed/?paged=1"));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/feed/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_theme_may_strip_the_generator_but_the_api_header_stays()
    {
        await using var site = await HistorySites.StartWordPressAsync(new WordPressOptions { GeneratorInFeed = false });
        using var client = HistoryClient.Create();

        var response = await client.GetAsync(site.FeedUrl);

        Assert.DoesNotContain("<generator>", await response.Content.ReadAsStringAsync());
        Assert.Contains("rel=\"https://api.w.org/\"", response.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task The_bad_variant_answers_every_page_with_the_first()
    {
        await using var site = await HistorySites.StartWordPressAsync(new WordPressOptions { Items = Posts, IgnoresPaged = true });
        using var client = HistoryClient.Create();

        var far = await client.FeedAsync(site.FeedPageUrl(99));

        Assert.Equal(site.FeedPageItems(1).Select(i => i.Guid), far.Feed.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task The_search_feed_finds_titles_and_descriptions_whatever_the_case_and_is_paged_too()
    {
        await using var site = await HistorySites.StartWordPressAsync(new WordPressOptions { Items = Posts });
        using var client = HistoryClient.Create();

        var first = await client.FeedAsync(site.SearchFeedUrl("CHAT CONTROL"));
        var second = await client.FeedAsync(site.SearchFeedUrl("CHAT CONTROL", page: 2));
        var third = await client.GetAsync(site.SearchFeedUrl("CHAT CONTROL", page: 3));

        Assert.Equal(15, site.SearchItems("chat control").Count);
        Assert.All(site.SearchItems("chat control"), i => Assert.True(i.OnTopic));
        Assert.Equal(site.SearchItems("chat control").Select(i => i.Guid).Reverse(), first.Feed.Entries.Concat(second.Feed.Entries).Select(e => e.Id));
        Assert.Equal(HttpStatusCode.NotFound, third.StatusCode);
    }

    [Fact]
    public async Task The_REST_API_pages_with_totals_in_headers_and_refuses_a_page_past_the_end()
    {
        await using var site = await HistorySites.StartWordPressAsync(new WordPressOptions { Items = Posts });
        using var client = HistoryClient.Create();

        var response = await client.GetAsync(site.RestPostsUrl("per_page=20&page=3&_fields=id,date_gmt,link,title,excerpt"));
        var posts = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var past = await client.GetAsync(site.RestPostsUrl("per_page=20&page=4"));

        Assert.Equal("45", response.Headers.GetValues("X-WP-Total").Single());
        Assert.Equal("3", response.Headers.GetValues("X-WP-TotalPages").Single());
        Assert.Equal(5, posts.GetArrayLength());
        var oldest = posts[4];
        Assert.Equal(["id", "date_gmt", "link", "title", "excerpt"], oldest.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, oldest.GetProperty("id").GetInt32());
        Assert.Equal("2023-01-01T10:00:00", oldest.GetProperty("date_gmt").GetString());
        Assert.Equal(Posts[0].Link, oldest.GetProperty("link").GetString());
        Assert.Equal(Posts[0].Title, oldest.GetProperty("title").GetProperty("rendered").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("\"rest_post_invalid_page_number\"", await past.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_REST_API_filters_by_date_and_search()
    {
        await using var site = await HistorySites.StartWordPressAsync(new WordPressOptions { Items = Posts });
        using var client = HistoryClient.Create();

        var response = await client.GetAsync(site.Url("/?rest_route=/wp/v2/posts&after=2023-01-10T00:00:00&before=2023-01-20T00:00:00&search=scanning&per_page=100"));
        var ids = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(p => p.GetProperty("id").GetInt32());

        Assert.Equal([18, 15, 12], ids);
    }
}
