using Dapper;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

/// <summary>Migration 10 and its triggers: every item with an http(s) link has one lookup row, from upgrade on (the triggers on both engines).</summary>
public sealed class ArchivedCopyMigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-copies-").FullName;

    private string DbPath => Path.Combine(_folder, "pw.db");

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task An_upgraded_database_has_a_due_lookup_for_each_stored_item_with_an_http_link_and_none_for_others()
    {
        var database = new Database(DbPath);
        await using (var old = await database.OpenAsync())
        {
            for (var step = 0; step < 8; step++) await old.ExecuteAsync(Migrations.Steps[step]);
            await old.ExecuteAsync(
                """
                PRAGMA user_version = 8;
                INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES ('s', 'S', 'https://x', 'feed', 'eu', 60);
                INSERT INTO items (source_id, guid, kind, title, url, published_at, first_seen_at, last_changed_at, content_hash) VALUES
                    ('s', 'a', 'article', 'Web', 'https://example.org/a', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z', 'h'),
                    ('s', 'b', 'article', 'Plain web', 'HTTP://example.org/b', '2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z', '2024-01-03T00:00:00Z', 'h'),
                    ('s', 'c', 'article', 'A file', 'file:///etc/passwd', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z', 'h'),
                    ('s', 'd', 'article', 'No link', NULL, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z', 'h');
                """);
        }

        await database.MigrateAsync();

        var due = await new ArchivedCopyStore(database).DueAsync(DateTimeOffset.UtcNow, 10);
        Assert.Equal(["https://example.org/a", "HTTP://example.org/b"], due.Select(d => d.PageUrl));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), due[0].PublishedAt);
        Assert.Empty(await new ArchivedCopyStore(database).DueAsync(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), 10));
    }

    [Fact]
    public async Task A_new_item_is_due_at_once_a_changed_link_starts_afresh_and_a_deleted_item_takes_its_row_along()
    {
        var database = TestDatabases.Open(DbPath);
        await database.MigrateAsync();
        var copies = new ArchivedCopyStore(database);
        var now = new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES ('s', 'S', 'https://x', 'feed', 'eu', 60);
            INSERT INTO items (source_id, guid, kind, title, url, published_at, first_seen_at, last_changed_at, content_hash)
            VALUES ('s', 'a', 'article', 'Web', 'https://example.org/a', '2024-01-01T00:00:00Z', '2026-01-05T12:00:00Z', '2026-01-05T12:00:00Z', 'h');
            """);
        var item = Assert.Single(await copies.DueAsync(now, 10));
        await copies.RecordFoundAsync(item.ItemId, item.PageUrl, "https://web.archive.org/web/1/a", now, CopyFoundVia.Lookup, now);
        Assert.Empty(await copies.DueAsync(now.AddYears(1), 10));

        // An answer about the old link never lands on the new one.
        await connection.ExecuteAsync("UPDATE items SET url = 'https://example.org/moved', last_changed_at = '2026-01-06T00:00:00Z' WHERE id = @Id", new { Id = item.ItemId });
        await copies.RecordFoundAsync(item.ItemId, "https://example.org/a", "https://web.archive.org/web/2/a", now, CopyFoundVia.Lookup, now);
        var moved = Assert.Single(await copies.DueAsync(now.AddDays(1), 10));
        Assert.Equal("https://example.org/moved", moved.PageUrl);
        Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT copy_url FROM archived_copies"));

        await connection.ExecuteAsync("UPDATE items SET url = 'mailto:someone@example.org' WHERE id = @Id", new { Id = item.ItemId });
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM archived_copies"));
        await connection.ExecuteAsync("UPDATE items SET url = 'https://example.org/back' WHERE id = @Id", new { Id = item.ItemId });
        await connection.ExecuteAsync("DELETE FROM items WHERE id = @Id", new { Id = item.ItemId });
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM archived_copies"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
