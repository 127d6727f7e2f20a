using Dapper;
using PolicyWatch.Storage;

namespace PolicyWatch.Tests.Storage;

/// <summary>The precomputed weekly counts stay equal to a live count through every kind of change.</summary>
public sealed class ActivityWeeksTests
{
    private static readonly DateTimeOffset Monday = new(2024, 5, 27, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Rows of activity_weeks that differ from counting the items now, each item's week worked out here (the Monday of
    /// its UTC day), not by either engine; empty when they agree.
    /// </summary>
    private static async Task<IReadOnlyList<string>> DriftAsync(StoredItems store)
    {
        await using var connection = await store.Database.OpenAsync();
        var dated = await connection.QueryAsync<Dated>(
            """
            SELECT 'all' AS Scope, published_at AS At FROM items
            UNION ALL SELECT 's:' || source_id, published_at FROM items
            UNION ALL SELECT 'j:' || jurisdiction, published_at FROM item_jurisdictions
            UNION ALL SELECT 'd:' || dossier_id, published_at FROM item_dossiers
            UNION ALL SELECT 't:' || topic_id, published_at FROM item_topics
            """);
        var live = dated.GroupBy(d => (d.Scope, Week: ActivityQueries.Monday(DateOnly.FromDateTime(d.At.UtcDateTime))))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var stored = (await connection.QueryAsync<Counted>("SELECT scope AS Scope, week AS Week, items AS Items FROM activity_weeks WHERE items <> 0"))
            .ToDictionary(c => (c.Scope, c.Week), c => c.Items);
        return live.Where(l => stored.GetValueOrDefault(l.Key) != l.Value).Select(l => $"missing {l.Key.Scope} {l.Key.Week:yyyy-MM-dd} {l.Value}")
            .Concat(stored.Where(c => live.GetValueOrDefault(c.Key) != c.Value).Select(c => $"extra {c.Key.Scope} {c.Key.Week:yyyy-MM-dd} {c.Value}"))
            .ToList();
    }

    private sealed record Dated
    {
        public string Scope { get; init; } = "";
        public DateTimeOffset At { get; init; }
    }

    private sealed record Counted
    {
        public string Scope { get; init; } = "";
        public DateOnly Week { get; init; }
        public long Items { get; init; }
    }

    [Fact]
    public async Task Weekly_counts_follow_inserts_retags_moved_dates_and_deletes()
    {
        using var store = new StoredItems();
        var sunday = await store.AddAsync("Late Sunday", at: Monday.AddDays(6).AddHours(23).AddMinutes(59), jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"]);
        await store.AddAsync("Monday after", at: Monday.AddDays(7), jurisdictions: ["eu", "uk"], topics: ["age-assurance"], source: "ofcom");
        Assert.Empty(await DriftAsync(store));

        await store.ExecuteAsync("DELETE FROM item_jurisdictions WHERE item_id = @Id; INSERT INTO item_jurisdictions VALUES ('uk', @Id, '2024-06-02T23:59:00Z')", new { Id = sunday });
        await store.ExecuteAsync("UPDATE items SET published_at = '2024-01-10T00:00:00Z' WHERE id = @Id", new { Id = sunday });
        await store.ExecuteAsync("UPDATE item_dossiers SET published_at = '2024-01-10T00:00:00Z' WHERE item_id = @Id", new { Id = sunday });
        await store.ExecuteAsync("DELETE FROM item_jurisdictions WHERE item_id = @Id; INSERT INTO item_jurisdictions VALUES ('uk', @Id, '2024-01-10T00:00:00Z')", new { Id = sunday });
        Assert.Empty(await DriftAsync(store));

        await store.ExecuteAsync("DELETE FROM items WHERE id = @Id", new { Id = sunday }); // tags go by cascade
        Assert.Empty(await DriftAsync(store));
    }

    [Fact]
    public async Task The_chart_of_a_jurisdiction_reads_the_same_weeks_as_a_live_count()
    {
        using var store = new StoredItems();
        for (var day = 0; day < 30; day += 3)
            await store.AddAsync($"Item {day}", at: Monday.AddDays(day), jurisdictions: day % 2 == 0 ? ["eu"] : ["uk"], kind: day == 9 ? "legislative" : "article");
        var queries = new ActivityQueries(store.Database);

        var fromTable = await queries.WeeklyAsync(new ItemFilter { Jurisdiction = "eu" });
        var live = await queries.WeeklyAsync(new ItemFilter { Jurisdiction = "eu", Source = "edri" }); // two dimensions: counted live

        Assert.Equal(live.Weeks, fromTable.Weeks); // every item is from edri, so both paths must agree
        Assert.Equal(live.Markers, fromTable.Markers);
        Assert.Equal(5, fromTable.Weeks.Sum(w => w.Items));
        Assert.Equal(new DateOnly(2024, 6, 17), fromTable.LastMonday);
    }

    [Theory]
    [InlineData(PolicyWatch.Catalog.ItemKind.Article)]
    [InlineData(PolicyWatch.Catalog.ItemKind.Legislative)]
    [InlineData(PolicyWatch.Catalog.ItemKind.Milestone)]
    public async Task A_kind_on_top_of_a_stored_scope_counts_the_same_as_a_live_count(PolicyWatch.Catalog.ItemKind kind)
    {
        using var store = new StoredItems();
        var kinds = new[] { "article", "legislative", "article", "milestone", "article" };
        for (var day = 0; day < 40; day += 2)
            await store.AddAsync($"Item {day}", at: Monday.AddDays(day), jurisdictions: ["eu"], kind: kinds[day % kinds.Length]);
        var queries = new ActivityQueries(store.Database);

        var stored = await queries.WeeklyAsync(new ItemFilter { Jurisdiction = "eu", Kind = kind });
        var live = await queries.WeeklyAsync(new ItemFilter { Jurisdiction = "eu", Source = "edri", Kind = kind });

        Assert.NotEmpty(stored.Weeks);
        Assert.Equal(live.Weeks, stored.Weeks);
    }

    [Fact]
    public async Task A_view_of_two_tags_is_counted_live_from_the_items_with_both_up_to_its_to_day()
    {
        using var store = new StoredItems();
        for (var day = 0; day < 28; day += 2)
            await store.AddAsync($"Item {day}", at: Monday.AddDays(day),
                jurisdictions: day % 4 == 0 ? ["eu"] : ["uk"], dossiers: day % 3 == 0 ? ["eu-csam-regulation"] : []);
        var queries = new ActivityQueries(store.Database);

        // Both tags on days 0, 12 and 24; "to" leaves out day 24.
        var activity = await queries.WeeklyAsync(new ItemFilter { Jurisdiction = "eu", Dossier = "eu-csam-regulation", To = Monday.AddDays(21) });

        Assert.Equal([new ActivityWeek(new DateOnly(2024, 5, 27), 1), new ActivityWeek(new DateOnly(2024, 6, 3), 1)], activity.Weeks);
        Assert.Equal(new DateOnly(2024, 6, 3), activity.LastMonday);
    }
}
