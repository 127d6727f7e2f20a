using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

/// <summary>The database owns the schedule: what feeds.json changes do to it at the next start.</summary>
public sealed class SourceStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<SourceDefinition> Sources(string every, string url = "https://example.org/feed") =>
        CatalogLoader.Load(TestCatalog.Json(new TestCatalog.Source("s", new Uri(url), Every: every)), "feeds.json").Sources;

    private static async Task AttemptAsync(TestPipeline pipeline, DateTimeOffset at, DateTimeOffset next)
    {
        await using var connection = await pipeline.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await SourceStore.RecordAsync(transaction, "s", new SourceOutcome(at, true, FetchOutcome.Ok, null, next, false, null, null));
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task A_new_source_is_due_at_once_and_not_again_until_its_next_fetch()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", new Uri("https://example.org/feed"))));
        Assert.Equal(["s"], await pipeline.Sources.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1)));

        await AttemptAsync(pipeline, Now, Now.AddMinutes(30));

        Assert.Empty(await pipeline.Sources.DueAsync(Now.AddMinutes(29)));
        Assert.Equal(["s"], await pipeline.Sources.DueAsync(Now.AddMinutes(30)));
    }

    [Fact]
    public async Task A_shorter_every_takes_effect_at_the_next_start_counted_from_the_last_attempt()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", new Uri("https://example.org/feed"), Every: "1d")));
        await AttemptAsync(pipeline, Now, Now.AddDays(1));

        await pipeline.Sources.SyncAsync(Sources("15m"), pipeline.HostOf, Now.AddMinutes(5));

        Assert.Equal(Now.AddMinutes(15), (await pipeline.HealthAsync("s")).NextFetchAt);
    }

    [Fact]
    public async Task A_new_url_makes_a_gone_source_due_again_and_a_removed_source_keeps_its_row_but_is_not_crawled()
    {
        using var pipeline = new TestPipeline(TestCatalog.Json(new TestCatalog.Source("s", new Uri("https://example.org/feed"))));
        await using (var connection = await pipeline.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await SourceStore.RecordAsync(transaction, "s", new SourceOutcome(Now, false, FetchOutcome.Gone, "410 Gone", Now.AddDays(1), true, null, null));
            await transaction.CommitAsync();
        }

        await pipeline.Sources.SyncAsync(Sources("30m", "https://example.org/new-feed"), pipeline.HostOf, Now);
        Assert.Equal(["s"], await pipeline.Sources.DueAsync(Now));

        await pipeline.Sources.SyncAsync([], pipeline.HostOf, Now);
        Assert.Empty(await pipeline.Sources.DueAsync(Now.AddYears(1)));
        Assert.Equal(SourceCondition.Removed, (await pipeline.HealthAsync("s")).Status);
    }
}
