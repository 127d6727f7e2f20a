using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Postgres;
using PolicyWatch.Storage.Postgres.Copying;
using PolicyWatch.Tests.Support.Postgres;

using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>
/// <c>copy-db</c>'s copier, from a SQLite file filled by the real pipeline (<see cref="CopySource"/>) into a new
/// database of the throwaway cluster: everything arrives as it was, PostgreSQL goes on from there, and a copy that is
/// refused or fails leaves the target as it was.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestDatabases.Provider, TestDatabases.OwnDatabase)]
public sealed class DatabaseCopyTests(PostgresCluster cluster, CopySource source) : IClassFixture<CopySource>
{
    [PostgresFact]
    public async Task Every_row_of_every_table_arrives_as_it_was_and_the_SQLite_file_is_not_changed()
    {
        var target = await cluster.CreateDatabaseAsync(nameof(DatabaseCopyTests));
        var before = await HashAsync(source.Path);
        var progress = new List<CopyProgress>();

        var report = await new DatabaseCopy(source.Path, target).RunAsync(new ListProgress(progress));

        Assert.Equal(before, await HashAsync(source.Path));
        var tables = await SqliteTablesAsync();
        Assert.Equal(tables.Order(), report.Tables.Select(t => t.Name).Order());
        Assert.Superset(tables.ToHashSet(), CopySource.FilledTables.ToHashSet());
        foreach (var table in tables)
        {
            var expected = await SqliteRowsAsync(table);
            var copied = await PostgresRowsAsync(target, table, await SqliteColumnsAsync(table));
            Assert.True(expected.SequenceEqual(copied), $"{table}: {Difference(expected, copied)}");
            Assert.Equal(expected.Count, report.Tables.Single(t => t.Name == table).Rows);
        }
        Assert.Equal(1, report.NulsReplaced);
        Assert.Equal(report.Tables.Count, progress.Count(p => p.Done));
        Assert.All(progress.Where(p => p.Done), p => Assert.Equal(p.Total, p.Rows));
        var order = progress.Where(p => p.Done).Select(p => p.Table).ToList();
        Assert.True(order.IndexOf("sources") < order.IndexOf("items") && order.IndexOf("items") < order.IndexOf("item_tag_reasons")
                    && order.IndexOf("items") < order.IndexOf("archived_copies") && order.IndexOf("sources") < order.IndexOf("history_walks"),
            string.Join(", ", order));
    }

    [PostgresFact]
    public async Task New_rows_are_numbered_after_the_highest_id_SQLite_ever_gave_and_the_triggers_work_again()
    {
        var target = await cluster.CreateDatabaseAsync(nameof(DatabaseCopyTests));
        var report = await new DatabaseCopy(source.Path, target).RunAsync();
        long lastItem, lastFetch;
        await using (var sqlite = await source.Database.OpenAsync())
        {
            lastItem = await sqlite.ExecuteScalarAsync<long>("SELECT seq FROM sqlite_sequence WHERE name = 'items'");
            lastFetch = await sqlite.ExecuteScalarAsync<long>("SELECT seq FROM sqlite_sequence WHERE name = 'fetch_log'");
        }

        await using var connection = new NpgsqlConnection(target);
        await connection.OpenAsync();
        const string weekItems = "SELECT coalesce((SELECT items FROM activity_weeks WHERE scope = 'all' AND week = activity_week(now())), 0)";
        var weekBefore = await connection.ExecuteScalarAsync<long>(weekItems);
        var item = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO items (source_id, guid, kind, title, url, published_at, first_seen_at, last_changed_at, content_hash)
            VALUES ('news', 'after-the-copy', 'news', 'After the copy', 'https://example.org/after', now(), now(), now(), 'h')
            RETURNING id
            """);
        var fetch = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO fetch_log (source_id, started_at, duration_ms, outcome) VALUES ('news', now(), 5, 'ok') RETURNING id");

        Assert.Equal(lastItem + 1, item);
        Assert.Equal(lastFetch + 1, fetch);
        Assert.Equal(item, report.Tables.Single(t => t.Name == "items").NextId);
        Assert.Equal(weekBefore + 1, await connection.ExecuteScalarAsync<long>(weekItems));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM archived_copies WHERE item_id = @Item", new { Item = item }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'"));
        Assert.Equal(await IndexesAsync(await MigratedDatabaseAsync()), await IndexesAsync(target));
    }

    [PostgresFact]
    public async Task A_copied_item_is_found_by_a_word_of_its_packed_summary()
    {
        var target = await cluster.CreateDatabaseAsync(nameof(DatabaseCopyTests));
        await new DatabaseCopy(source.Path, target).RunAsync();
        long expected;
        await using (var sqlite = await source.Database.OpenAsync())
            expected = await sqlite.ExecuteScalarAsync<long>("SELECT id FROM items WHERE guid = 'n1'");

        await using var connection = new NpgsqlConnection(target);
        await connection.OpenAsync();
        var found = await connection.QueryAsync<long>(
            "SELECT id FROM items WHERE search_vector @@ to_tsquery('policywatch', @Word)", new { Word = CopySource.SummaryWord });

        Assert.Equal([expected], found);
    }

    [PostgresFact]
    public async Task A_second_copy_into_the_same_database_is_refused_naming_it_without_its_password_and_changes_nothing()
    {
        var target = await cluster.CreateDatabaseAsync(nameof(DatabaseCopyTests));
        var copy = new DatabaseCopy(source.Path, target);
        await copy.RunAsync();
        var before = await CountsAsync(target);

        var refused = await Assert.ThrowsAsync<CopyRefusedException>(() => new DatabaseCopy(source.Path, target).RunAsync());

        Assert.Contains($"{copy.Target} is not empty (sources, items", refused.Message);
        Assert.Contains("Nothing was copied", refused.Message);
        Assert.DoesNotContain(PostgresCluster.OwnerPassword, refused.Message);
        Assert.Equal(before, await CountsAsync(target));
    }

    [PostgresFact]
    public async Task A_copy_that_fails_midway_leaves_every_table_empty_and_its_triggers_on()
    {
        var target = await cluster.CreateDatabaseAsync(nameof(DatabaseCopyTests));
        var database = new PostgresDatabase(target);
        await database.MigrateAsync();
        await using (var connection = new NpgsqlConnection(target))
        {
            await connection.OpenAsync();
            // fetch_log comes after sources and items: they are written by the time it fails.
            await connection.ExecuteAsync("ALTER TABLE fetch_log ADD CONSTRAINT no_fetches CHECK (duration_ms < 0)");
        }

        var failed = await Assert.ThrowsAsync<CopyFailedException>(() => new DatabaseCopy(source.Path, target).RunAsync());

        Assert.Contains("while copying fetch_log", failed.Message);
        Assert.Contains("no_fetches", failed.Message);
        Assert.Contains("the target is as it was before", failed.Message);
        Assert.All(await CountsAsync(target), count => Assert.Equal(0, count.Value));
        await using var again = new NpgsqlConnection(target);
        await again.OpenAsync();
        Assert.Equal(0, await again.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'"));
        Assert.Equal(await IndexesAsync(await MigratedDatabaseAsync()), await IndexesAsync(target));
    }

    [PostgresTheory]
    [InlineData("ALTER TABLE items DROP COLUMN institution", "PostgreSQL has no column items.institution")]
    [InlineData("DROP TABLE official_requests", "PostgreSQL has no table official_requests")]
    [InlineData("ALTER TABLE sources ADD COLUMN region text NOT NULL", "sources.region must have a value on PostgreSQL")]
    [InlineData("ALTER TABLE fetch_log ALTER COLUMN bytes TYPE numeric", "fetch_log.bytes is of PostgreSQL type numeric")]
    public async Task A_target_whose_schema_differs_is_refused_before_anything_is_written(string change, string problem)
    {
        var target = await cluster.CreateDatabaseAsync(nameof(DatabaseCopyTests));
        var database = new PostgresDatabase(target);
        await database.MigrateAsync();
        await using (var connection = new NpgsqlConnection(target))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync(change);
        }

        var refused = await Assert.ThrowsAsync<CopyRefusedException>(() => new DatabaseCopy(source.Path, target).RunAsync());

        Assert.Contains(problem, refused.Message);
        Assert.Contains("Nothing was copied", refused.Message);
        Assert.All(await CountsAsync(target), count => Assert.Equal(0, count.Value));
    }

    [PostgresFact]
    public async Task A_SQLite_file_an_older_PolicyWatch_wrote_is_refused_untouched_and_the_target_is_not_even_migrated()
    {
        var target = await cluster.CreateDatabaseAsync(nameof(DatabaseCopyTests));
        var folder = Directory.CreateTempSubdirectory("policywatch-copy-old-").FullName;
        try
        {
            var old = Path.Combine(folder, "old.db");
            await source.Database.BackupAsync(old);
            await using (var connection = new SqliteConnection($"Data Source={old};Pooling=false"))
            {
                await connection.OpenAsync();
                await connection.ExecuteAsync($"PRAGMA user_version = {Database.LatestVersion - 1}");
            }
            var before = await HashAsync(old);

            var refused = await Assert.ThrowsAsync<CopyRefusedException>(() => new DatabaseCopy(old, target).RunAsync());

            Assert.Contains($"{old} has schema version {Database.LatestVersion - 1}", refused.Message);
            Assert.Contains("older PolicyWatch", refused.Message);
            Assert.Equal(before, await HashAsync(old));
            await using var postgres = new NpgsqlConnection(target);
            await postgres.OpenAsync();
            Assert.False(await postgres.ExecuteScalarAsync<bool>("SELECT to_regclass('sources') IS NOT NULL"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [PostgresFact]
    public async Task A_SQLite_file_that_is_not_there_is_refused_and_not_created()
    {
        var target = await cluster.CreateDatabaseAsync(nameof(DatabaseCopyTests));
        var missing = Path.Combine(Path.GetTempPath(), $"policywatch-missing-{Guid.NewGuid():N}.db");

        var refused = await Assert.ThrowsAsync<CopyRefusedException>(() => new DatabaseCopy(missing, target).RunAsync());

        Assert.Equal($"there is no SQLite database at {missing} to copy", refused.Message);
        Assert.False(File.Exists(missing));
    }

    private async Task<string> MigratedDatabaseAsync()
    {
        var fresh = await cluster.CreateDatabaseAsync(nameof(DatabaseCopyTests));
        var database = new PostgresDatabase(fresh);
        await database.MigrateAsync();
        return fresh;
    }

    /// <summary>Every index with its definition: the copy drops those no constraint needs and makes them again.</summary>
    private static async Task<List<string>> IndexesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return (await connection.QueryAsync<string>(
            """
            SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
            WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1
            """)).AsList();
    }

    private static async Task<string> HashAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexString(await SHA256.HashDataAsync(file));
    }

    /// <summary>The SQLite file's own tables, as an independent reading of what must be copied (FTS5's excepted).</summary>
    private async Task<List<string>> SqliteTablesAsync()
    {
        await using var connection = await source.Database.OpenAsync();
        return (await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'items_fts%' ORDER BY name")).AsList();
    }

    private async Task<List<string>> SqliteColumnsAsync(string table)
    {
        await using var connection = await source.Database.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT name FROM pragma_table_info(@Table) ORDER BY cid", new { Table = table })).AsList();
    }

    /// <summary>Every row as text, sorted: packed texts unpacked, and a NUL as the U+FFFD PostgreSQL is given instead.</summary>
    private async Task<List<string>> SqliteRowsAsync(string table)
    {
        var columns = await SqliteColumnsAsync(table);
        await using var connection = await source.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table}";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('\u001F', Enumerable.Range(0, columns.Count).Select(i => reader.GetValue(i) switch
            {
                DBNull => "∅",
                byte[] packed => StoredText.Unpack(packed)!,
                string text => text.Replace('\0', '\uFFFD'),
                var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
            })));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Every row as text in SQLite's spelling: instants as UTC text, days as yyyy-MM-dd, flags as 0 and 1.</summary>
    private static async Task<List<string>> PostgresRowsAsync(string target, string table, IReadOnlyList<string> columns)
    {
        await using var connection = new NpgsqlConnection(target);
        await connection.OpenAsync();
        var types = (await connection.QueryAsync<(string Name, string Type)>(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = @Table", new { Table = table })).ToDictionary(c => c.Name, c => c.Type);
        var select = columns.Select(c => types[c] switch
        {
            "timestamp with time zone" => $"to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            "date" => $"to_char({c}, 'YYYY-MM-DD')",
            "boolean" => $"{c}::int::text",
            _ => $"{c}::text",
        });
        var rows = (await connection.QueryAsync<string>(
            $"SELECT concat_ws(chr(31), {string.Join(", ", select.Select(s => $"coalesce({s}, '∅')"))}) FROM {table}")).AsList();
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Difference(List<string> expected, List<string> copied)
    {
        var missing = expected.Except(copied).Take(2).ToList();
        var extra = copied.Except(expected).Take(2).ToList();
        return $"{expected.Count} rows in SQLite, {copied.Count} on PostgreSQL; only in SQLite: [{string.Join(" | ", missing)}]; only on PostgreSQL: [{string.Join(" | ", extra)}]";
    }

    /// <summary>The rows of every table the copy writes (that the target has), by table.</summary>
    private async Task<Dictionary<string, long>> CountsAsync(string target)
    {
        var tables = await SqliteTablesAsync();
        await using var connection = new NpgsqlConnection(target);
        await connection.OpenAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
            if (await connection.ExecuteScalarAsync<bool>("SELECT to_regclass(@Table) IS NOT NULL", new { Table = table }))
                counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
        return counts;
    }

    /// <summary>Collects reports on the caller's thread, in order.</summary>
    private sealed class ListProgress(List<CopyProgress> reports) : IProgress<CopyProgress>
    {
        public void Report(CopyProgress value) => reports.Add(value);
    }
}
