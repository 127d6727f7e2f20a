using System.Net;
using Dapper;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using static PolicyWatch.Tests.Support.HostileFeed;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// The real host with several items of megabytes of text that every search here matches: two crawled from a
/// hostile feed (stored within the limits) and two written straight into the database as a PolicyWatch from
/// before the limits stored them. Every view of a search answers, none with megabytes.
/// </summary>
public sealed class HostileSiteFixture : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public RunningHost Host { get; private set; } = null!;

    /// <summary>An item stored whole before the limits: 3 MB in each text.</summary>
    public long OldItemId { get; private set; }

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.Documents["hostile.xml"] = Rss(
            Item("huge-1", Words(1_000_000), summaryHtml: Paragraphs(800_000), author: Words(200_000), contentHtml: Paragraphs(800_000)),
            Item("huge-2", Words(1_000_000), summaryHtml: Paragraphs(800_000), author: Words(200_000), contentHtml: Paragraphs(800_000)),
            Item("ordinary", "Council debates chat control", summaryHtml: "<p>Ministers met on encryption.</p>"));
        Host = await RunningHost.StartAsync(TestCatalog.Json(new TestCatalog.Source("hostile", _server.Url("doc/hostile.xml"))));
        var database = TestDatabases.Open(Path.Combine(Host.Folder, "data", "pw.db"));
        await RunningHost.EventuallyAsync(async () => await CountAsync(database) == 3, "the first crawl of the hostile feed");
        for (var i = 1; i <= 2; i++) OldItemId = await InsertOldItemAsync(database, $"old-{i}");
    }

    private static async Task<long> CountAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items");
    }

    private static async Task<long> InsertOldItemAsync(Database database, string guid)
    {
        var text = Words(3_000_000);
        await using var connection = await database.OpenAsync();
        var (html, packed) = (TestDatabases.Pack("@Html"), TestDatabases.Pack("@Text"));
        var id = await connection.ExecuteScalarAsync<long>(
            $"""
            INSERT INTO items (source_id, guid, kind, title, url, author, authors, summary_html, summary_text, content_text, archived_text,
                               archived_at, archived_hash, published_at, first_seen_at, last_changed_at, content_hash)
            VALUES ('hostile', @Guid, 'article', @Text, 'https://example.org/old', @Text, @Text, {html}, {packed}, {packed}, {packed},
                    '2024-05-29T09:00:00Z', 'h', '2024-05-29T09:00:00Z', '2024-05-29T09:00:00Z', '2024-05-29T09:00:00Z', @Guid)
            RETURNING id
            """, new { Guid = guid, Text = text, Html = Paragraphs(3_000_000) });
        await using var transaction = await connection.BeginTransactionAsync();
        await ItemStore.WriteTagsAsync(transaction, id, new DateTimeOffset(2024, 5, 29, 9, 0, 0, TimeSpan.Zero),
            new PolicyWatch.Classifying.Classification(["eu-csam-regulation"], [], ["eu"], []));
        await transaction.CommitAsync();
        return id;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _server.DisposeAsync();
    }
}

public sealed class HostileItemsTests(HostileSiteFixture site) : IClassFixture<HostileSiteFixture>
{
    /// <summary>A snippet or a highlight whose work grew with the square of the text would take minutes here.</summary>
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private const string ManyTerms =
        "encryption OR w1 OR w2 OR w3 OR w4 OR w5 OR w6 OR w7 OR w8 OR w9 OR w10 OR w11 OR w12 OR w13 OR w14 OR w15 OR w16 OR w17 " +
        "OR w18 OR w19 OR w20 OR w21 OR w22 OR w23 OR w24 OR w25 OR w26 OR w27 OR w28 OR w29 OR w30 OR w31 OR w32 OR w33 OR w34 " +
        "OR w35 OR w36 OR w37 OR w38 OR w39 OR w40 OR w41 OR w42 OR w43 OR w44 OR w45 OR w46 OR w47 OR w48";

    private async Task<string> GetAsync(string url, int maxBytes)
    {
        using var response = await site.Host.Client.GetAsync(url).WaitAsync(Generous);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Generous);
        Assert.True(body.Length <= maxBytes, $"{url}: {body.Length:N0} bytes");
        return System.Text.Encoding.UTF8.GetString(body);
    }

    [Theory]
    [InlineData("/timeline?q=encryption")]
    [InlineData("/timeline?q=encryption&order=date")]
    [InlineData("/j/eu?q=%22chat+control%22")]
    [InlineData("/timeline")]
    [InlineData("/")]
    public async Task Pages_listing_the_items_answer_light(string url)
    {
        var html = await GetAsync(url, 300_000);

        Assert.Contains("chat control", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_search_of_49_terms_renders_the_page_with_the_titles_marked()
    {
        var html = await GetAsync("/timeline?q=" + Uri.EscapeDataString(ManyTerms), 300_000);

        Assert.Contains("<mark>encryption</mark>", html);
    }

    [Fact]
    public async Task The_api_lists_every_match_with_a_bounded_snippet()
    {
        var json = await GetAsync("/api/items?q=encryption&limit=10", 100_000);

        using var document = System.Text.Json.JsonDocument.Parse(json);
        var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, items.Count);
        Assert.All(items, item => Assert.InRange(item.GetProperty("title").GetString()!.Length, 1, TextLimits.Title));
        Assert.All(items, item => Assert.Contains("<mark>", item.GetProperty("snippet").GetString()));
    }

    [Theory]
    [InlineData("/export.csv?q=encryption")]
    [InlineData("/export.bib?q=encryption")]
    [InlineData("/export.ris?q=encryption&order=date")]
    [InlineData("/export.json?q=encryption")]
    [InlineData("/feeds/timeline.atom?q=encryption")]
    [InlineData("/feeds/timeline.rss?q=encryption")]
    [InlineData("/feeds/j/eu.json")]
    public async Task Exports_and_feeds_carry_each_item_within_its_limits(string url) =>
        // Five items, each with a title, an author and a summary within their limits (twice in a feed: HTML and text).
        await GetAsync(url, 5 * (TextLimits.Title + TextLimits.Author + 2 * TextLimits.Summary) * 2);

    [Fact]
    public async Task The_page_of_an_item_stored_before_the_limits_shows_its_texts_cut()
    {
        var html = await GetAsync($"/items/{site.OldItemId}", 3 * TextLimits.Text);

        Assert.Contains("encryption chat control", html);
        Assert.Contains("&#x2026;", html); // the mark, as Razor encodes it
    }
}
