using Dapper;
using PolicyWatch.Catalog;
using PolicyWatch.Crawling;
using PolicyWatch.Official;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

/// <summary>The migration that keeps each source's host: rows of before have none until the start-up sync writes it.</summary>
public sealed class SourceHostMigrationTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-hosts-").FullName;

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task A_source_stored_before_hosts_were_kept_is_claimed_once_the_start_up_sync_has_written_its_host()
    {
        var database = new Database(Path.Combine(_folder, "pw.db"));
        await database.MigrateAsync();
        var step = Migrations.Steps.ToList().FindIndex(s => s.Contains("ALTER TABLE sources ADD COLUMN host", StringComparison.Ordinal));
        await using (var old = await database.OpenAsync())
            await old.ExecuteAsync(
                $"""
                ALTER TABLE sources DROP COLUMN host;
                PRAGMA user_version = {step};
                INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds, next_fetch_at)
                VALUES ('s', 'S', 'https://example.org/feed', 'feed', 'eu', 1800, '2026-03-02T11:00:00Z');
                """);
        var sources = new SourceStore(database);

        await database.MigrateAsync();
        Assert.Empty(await sources.ClaimDueAsync("a", Now, Now.AddMinutes(30), limit: 10, hosts: 10));

        var catalog = CatalogLoader.Load(TestCatalog.Json(new TestCatalog.Source("s", new Uri("https://example.org/feed"))), "feeds.json");
        await sources.SyncAsync(catalog.Sources, source => SourceHost.Of(source, new OfficialOptions()), Now);
        Assert.Equal(["s"], await sources.ClaimDueAsync("a", Now, Now.AddMinutes(30), limit: 10, hosts: 10));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
