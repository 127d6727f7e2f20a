using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

public sealed class DatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-db-").FullName;

    private string DbPath => Path.Combine(_folder, "data", "policywatch.db");

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task A_new_database_is_created_in_wal_mode_at_the_latest_version()
    {
        var database = new Database(DbPath);

        await database.MigrateAsync();

        await using var connection = await database.OpenAsync();
        Assert.Equal(Database.LatestVersion, await connection.ExecuteScalarAsync<int>("PRAGMA user_version"));
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("PRAGMA foreign_keys"));
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task An_older_database_is_upgraded_in_place_and_keeps_its_data()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        await using (var old = new SqliteConnection($"Data Source={DbPath};Pooling=false"))
        {
            await old.OpenAsync();
            await old.ExecuteAsync(Migrations.Steps[0] + "; PRAGMA user_version = 1;");
            await old.ExecuteAsync(
                """
                INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES ('s', 'S', 'https://x', 'feed', 'eu', 60);
                INSERT INTO items (source_id, guid, kind, title, published_at, first_seen_at, last_changed_at, content_hash)
                VALUES ('s', 'g', 'article', 'Kept across upgrades', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h');
                """);
        }

        var database = new Database(DbPath);
        await database.MigrateAsync();

        await using var connection = await database.OpenAsync();
        Assert.Equal(Database.LatestVersion, await connection.ExecuteScalarAsync<int>("PRAGMA user_version"));
        Assert.Equal("Kept across upgrades", await connection.ExecuteScalarAsync<string>("SELECT title FROM items WHERE archived_text IS NULL"));
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing()
    {
        var database = TestDatabases.Open(DbPath);
        await database.MigrateAsync();
        await using (var connection = await database.OpenAsync())
            await connection.ExecuteAsync("INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES ('s', 'S', 'https://x', 'feed', 'eu', 60)");

        await database.MigrateAsync();

        await using var again = await database.OpenAsync();
        Assert.Equal(1, await again.ExecuteScalarAsync<int>("SELECT count(*) FROM sources"));
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task A_database_from_a_newer_version_is_refused_and_left_untouched()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=false"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync($"CREATE TABLE future (x); PRAGMA user_version = {Database.LatestVersion + 5};");
        }
        var before = await File.ReadAllBytesAsync(DbPath);

        var error = await Assert.ThrowsAsync<DatabaseTooNewException>(() => new Database(DbPath).MigrateAsync());

        Assert.Contains($"schema version {Database.LatestVersion + 5}", error.Message);
        Assert.Contains("was not changed", error.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, await File.ReadAllBytesAsync(DbPath));
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task A_file_that_is_not_a_database_is_refused_as_unreachable_and_left_untouched()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        var before = "these are notes, not a database\n"u8.ToArray().Concat(new byte[4096]).ToArray();
        await File.WriteAllBytesAsync(DbPath, before);

        var error = await Assert.ThrowsAsync<DatabaseUnreachableException>(() => new Database(DbPath).MigrateAsync());

        Assert.Contains("not a database", error.Message);
        Assert.Equal(Path.GetFullPath(DbPath), error.Path);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, await File.ReadAllBytesAsync(DbPath));
    }

    [Fact]
    public async Task Ping_says_the_database_answers()
    {
        var database = TestDatabases.Open(DbPath);
        await database.MigrateAsync();

        Assert.True((await database.PingAsync()).IsReachable);
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Ping_says_why_a_file_that_is_not_a_database_does_not_answer()
    {
        var broken = Path.Combine(_folder, "broken.db");
        await File.WriteAllTextAsync(broken, "garbage garbage garbage garbage");
        var ping = await new Database(broken).PingAsync();

        Assert.False(ping.IsReachable);
        Assert.Contains("not a database", ping.Problem);
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Timestamps_are_stored_as_readable_utc_text()
    {
        var database = new Database(DbPath);
        await database.MigrateAsync();
        var at = new DateTimeOffset(2024, 5, 28, 11, 30, 0, TimeSpan.FromHours(2));
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds, next_fetch_at) VALUES ('s', 'S', 'https://x', 'feed', 'eu', 60, @At)",
            new { At = at });

        Assert.Equal("2024-05-28T09:30:00Z", await connection.ExecuteScalarAsync<string>("SELECT next_fetch_at FROM sources"));
        Assert.Equal(at, await connection.ExecuteScalarAsync<DateTimeOffset>("SELECT next_fetch_at FROM sources"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
