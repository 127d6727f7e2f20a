using System.Text;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Tests.Storage;

public sealed class KeysetPagingTests : IDisposable
{
    private readonly StoredItems _store = new();

    /// <summary>37 items, several sharing a published time (so the id decides), some sharing a score.</summary>
    private async Task<List<long>> AddManyAsync()
    {
        var ids = new List<long>();
        for (var n = 0; n < 37; n++)
            ids.Add(await _store.AddAsync(
                title: n % 3 == 0 ? "Encryption encryption update" : "Policy update",
                summary: string.Join(' ', Enumerable.Repeat("encryption", 1 + n % 4)) + $" item {n}",
                at: StoredItems.Day.AddHours(-(n / 4)),
                kind: n % 2 == 0 ? "article" : "legislative",
                jurisdictions: n % 5 == 0 ? ["eu", "uk"] : ["eu"],
                dossiers: n % 2 == 0 ? ["eu-csam-regulation"] : []));
        return ids;
    }

    public static TheoryData<string> Views => new() { "timeline", "jurisdiction", "dossier+kind", "search-relevance", "search-date", "search-date-walk", "search-date-walk+dossier", "search-date-walk-prefix", "search+jurisdiction" };

    private static ItemFilter FilterFor(string view) => view switch
    {
        "timeline" => new ItemFilter(),
        "jurisdiction" => new ItemFilter { Jurisdiction = "eu" },
        "dossier+kind" => new ItemFilter { Dossier = "eu-csam-regulation", Kind = ItemKind.Article, Jurisdiction = "eu" },
        "search-relevance" => new ItemFilter { Q = "encryption" },
        "search-date" or "search-date-walk" => new ItemFilter { Q = "encryption", Order = ItemOrder.Date },
        "search-date-walk-prefix" => new ItemFilter { Q = "encrypt* -nothing", Order = ItemOrder.Date },
        "search-date-walk+dossier" => new ItemFilter { Q = "encryption", Order = ItemOrder.Date, Dossier = "eu-csam-regulation", Jurisdiction = "uk" },
        "search+jurisdiction" => new ItemFilter { Q = "encrypt*", Jurisdiction = "eu", Kind = ItemKind.Legislative },
        _ => throw new ArgumentOutOfRangeException(nameof(view)),
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task Following_the_cursors_lists_every_item_exactly_once_in_the_same_order_as_one_big_page(string view)
    {
        var ids = await AddManyAsync();
        var filter = FilterFor(view);
        // The walk is for searches with many matches; a threshold of 2 makes every search here one.
        var queries = view.Contains("walk") ? new ItemQueries(_store.Database) { DateWalkMatches = 2 } : _store.Queries;
        var everything = (await new ItemQueries(_store.Database).PageAsync(filter, null, 1000)).Items.Select(i => i.Id).ToList();

        var pages = await _store.AllPagesAsync(filter, pageSize: 5, queries);

        Assert.NotEmpty(everything);
        // Every item holds the word: a search of it alone, in either order, pages through all of them.
        if (filter is { Q: "encryption", Jurisdiction: null, Dossier: null }) Assert.Equal(ids.Order(), everything.Order());
        Assert.Equal(everything, pages.SelectMany(p => p).ToList());
        Assert.All(pages.SkipLast(1), p => Assert.Equal(5, p.Count));
        Assert.NotEmpty(pages[^1]);
    }

    [Theory]
    [InlineData("encryption")]
    [InlineData("encrypt*")]
    [InlineData("encrypt* OR polic*")]
    public async Task Every_hit_on_every_page_has_a_marked_snippet(string q)
    {
        await AddManyAsync();
        foreach (var order in new[] { ItemOrder.Relevance, ItemOrder.Date })
        {
            string? cursor = null;
            do
            {
                var page = await _store.Queries.PageAsync(new ItemFilter { Q = q, Order = order }, cursor, 7);
                Assert.All(page.Items, i => Assert.Contains("<mark>", i.Snippet));
                cursor = page.Next;
            } while (cursor is not null);
        }
    }

    [Fact]
    public async Task The_last_page_has_no_next_cursor()
    {
        await _store.AddAsync("One");
        await _store.AddAsync("Two");

        Assert.NotNull((await _store.Queries.PageAsync(new ItemFilter(), null, 1)).Next);
        Assert.Null((await _store.Queries.PageAsync(new ItemFilter(), null, 2)).Next);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("ZHwyMDI0LTA1LTI4VDA5OjAwOjAwWnwx!")]
    [InlineData("")]
    public async Task A_tampered_cursor_is_refused_for_every_order(string cursor)
    {
        await _store.AddAsync("Encryption");
        foreach (var filter in new[] { new ItemFilter(), new ItemFilter { Q = "encryption" }, new ItemFilter { Q = "encryption", Order = ItemOrder.Date } })
            await Assert.ThrowsAsync<InvalidCursorException>(() => _store.Queries.PageAsync(filter, cursor, 10));
    }

    [Theory]
    [InlineData("d|2024-05-28T09:00:00Z|1", "relevance")]
    [InlineData("r|-1.5|1|9", "date")]
    [InlineData("r|-1.5|1", "relevance")]
    [InlineData("r|NaN|1|9", "relevance")]
    [InlineData("r|Infinity|1|9", "relevance")]
    [InlineData("r|1e400|1|9", "relevance")]
    [InlineData("r|-1.5|-1|9", "relevance")]
    [InlineData("r|-1.5|1|x", "relevance")]
    [InlineData("d|2024-05-28|1", "date")]
    [InlineData("d|2024-05-28T09:00:00Z|1|x", "date")]
    public async Task A_cursor_from_another_order_or_with_impossible_values_is_refused(string plain, string order)
    {
        await _store.AddAsync("Encryption");
        var cursor = Convert.ToBase64String(Encoding.UTF8.GetBytes(plain)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var filter = new ItemFilter { Q = "encryption", Order = order == "date" ? ItemOrder.Date : ItemOrder.Relevance };

        await Assert.ThrowsAsync<InvalidCursorException>(() => _store.Queries.PageAsync(filter, cursor, 10));
    }

    [Fact]
    public void A_relevance_cursor_keeps_the_score_exactly()
    {
        var score = -1.0 / 3.0;
        Assert.Equal(new RelevanceCursor(score, 42, 99), RelevanceCursor.Parse(RelevanceCursor.Format(score, 42, 99)));
    }

    [Fact]
    public async Task Items_stored_while_someone_pages_through_a_search_neither_repeat_nor_push_out_its_matches()
    {
        await AddManyAsync();
        var filter = new ItemFilter { Q = "encryption" };
        var queries = new ItemQueries(_store.Database) { RankedMatches = 20 };
        var before = (await queries.PageAsync(filter, null, 1000)).Items.Select(i => i.Id).ToList();
        var first = await queries.PageAsync(filter, null, 5);

        // New items that outrank everything and, being newest, would take the ranked window's places.
        var late = new List<long>();
        for (var n = 0; n < 10; n++) late.Add(await _store.AddAsync("Encryption encryption encryption", "encryption encryption"));
        var rest = new List<long>();
        for (var cursor = first.Next; cursor is not null;)
        {
            var page = await queries.PageAsync(filter, cursor, 5);
            rest.AddRange(page.Items.Select(i => i.Id));
            cursor = page.Next;
        }

        Assert.Equal(before, first.Items.Select(i => i.Id).Concat(rest).ToList());
        // They wait for a fresh search, which ranks them first.
        var fresh = (await queries.PageAsync(filter, null, 5)).Items.Select(i => i.Id).ToHashSet();
        Assert.Equal(5, fresh.Count);
        Assert.Subset(late.ToHashSet(), fresh);
    }

    [Fact]
    public async Task Absurd_dates_are_just_an_empty_page()
    {
        await _store.AddAsync("Encryption");

        var page = await _store.Queries.PageAsync(new ItemFilter { From = DateTimeOffset.MaxValue, To = DateTimeOffset.MinValue }, null, 10);

        Assert.Empty(page.Items);
    }

    public void Dispose() => _store.Dispose();
}
