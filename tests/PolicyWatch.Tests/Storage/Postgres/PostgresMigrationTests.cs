using Dapper;
using Npgsql;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Postgres;
using PolicyWatch.Tests.Support.Postgres;

using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema is SQLite's, table for table and column for column, made by numbered steps that a newer
/// database refuses, as SQLite's are.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestDatabases.Provider, TestDatabases.OwnDatabase)]
public sealed class PostgresMigrationTests(PostgresCluster cluster) : IDisposable
{
    /// <summary>
    /// SQLite's tables PostgreSQL has no counterpart for: FTS5's index and the tables FTS5 keeps for it
    /// (PostgreSQL searches <c>items.search_vector</c>), and SQLite's own bookkeeping.
    /// </summary>
    private static readonly HashSet<string> OnlyInSqlite =
        ["items_fts", "items_fts_data", "items_fts_idx", "items_fts_docsize", "items_fts_config", "sqlite_sequence", "sqlite_stat1"];

    /// <summary>
    /// PostgreSQL's tables SQLite has no counterpart for: the version table (SQLite has <c>PRAGMA user_version</c>)
    /// and Quartz's job store (a single SQLite node keeps its schedule in memory).
    /// </summary>
    private static bool OnlyInPostgres(string table) => table == "schema_migrations" || table.StartsWith(QuartzSchema.TablePrefix, StringComparison.Ordinal);

    /// <summary>Columns only PostgreSQL has, by table: the search entry SQLite keeps in items_fts.</summary>
    private static readonly Dictionary<string, string[]> ColumnsOnlyInPostgres = new() { ["items"] = ["search_vector"] };

    /// <summary>
    /// SQLite's indexes PostgreSQL has no counterpart for (none yet), and PostgreSQL's that SQLite has none for: its
    /// search index, and the word pairs for phrases (FTS5 keeps positions in its index).
    /// </summary>
    private static readonly HashSet<string> IndexesOnlyInPostgres = ["items_search", "items_word_pairs"];

    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-pg-compare-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [PostgresFact]
    public async Task A_new_database_is_migrated_to_the_latest_version_one_recorded_step_at_a_time()
    {
        var database = new PostgresDatabase(await cluster.CreateDatabaseAsync(nameof(PostgresMigrationTests)));

        await database.MigrateAsync();

        await using var connection = await database.OpenAsync();
        var steps = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(Enumerable.Range(1, PostgresDatabase.LatestVersion), steps);
        Assert.Equal(DatabasePing.Reachable, await database.PingAsync());
    }

    [PostgresFact]
    public async Task Every_table_column_and_index_of_the_sqlite_schema_is_there_on_postgres()
    {
        var sqlite = await SqliteSchemaAsync();
        var database = new PostgresDatabase(await cluster.CreateDatabaseAsync(nameof(PostgresMigrationTests)));
        await database.MigrateAsync();
        var postgres = await PostgresSchemaAsync(database);

        var expectedTables = sqlite.Columns.Keys.Where(t => !OnlyInSqlite.Contains(t)).Order().ToList();
        Assert.Equal(expectedTables, postgres.Columns.Keys.Where(t => !OnlyInPostgres(t)).Order().ToList());
        foreach (var table in expectedTables)
        {
            var expected = sqlite.Columns[table].Select(c => c.Name).Concat(ColumnsOnlyInPostgres.GetValueOrDefault(table, [])).Order();
            Assert.True(expected.SequenceEqual(postgres.Columns[table].Select(c => c.Name).Order()),
                $"{table}: SQLite (with PostgreSQL's own) has {string.Join(", ", expected)}; PostgreSQL has {string.Join(", ", postgres.Columns[table].Select(c => c.Name).Order())}");
            var nullableOnPostgres = sqlite.Columns[table].Where(c => c.NotNull)
                .Where(c => !postgres.Columns[table].Single(p => p.Name == c.Name).NotNull).Select(c => c.Name).ToList();
            Assert.True(nullableOnPostgres.Count == 0, $"{table}: NOT NULL on SQLite, nullable on PostgreSQL: {string.Join(", ", nullableOnPostgres)}");
        }
        Assert.Equal(sqlite.Indexes.Order(), postgres.Indexes.Where(i => !IndexesOnlyInPostgres.Contains(i)).Order());
    }

    [PostgresFact]
    public async Task Migrating_twice_changes_nothing()
    {
        var database = new PostgresDatabase(await cluster.CreateDatabaseAsync(nameof(PostgresMigrationTests)));
        await database.MigrateAsync();
        await using (var connection = await database.OpenAsync())
            await connection.ExecuteAsync("INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES ('s', 'S', 'https://x', 'feed', 'eu', 60)");
        var before = await CatalogAsync(database);

        await database.MigrateAsync();

        Assert.Equal(before, await CatalogAsync(database));
        await using var again = await database.OpenAsync();
        Assert.Equal(1, await again.ExecuteScalarAsync<int>("SELECT count(*) FROM sources"));
    }

    [PostgresFact]
    public async Task Several_nodes_starting_at_once_migrate_the_database_once()
    {
        var connectionString = await cluster.CreateDatabaseAsync(nameof(PostgresMigrationTests));
        var nodes = Enumerable.Range(0, 4).Select(_ => new PostgresDatabase(connectionString)).ToList();

        await Task.WhenAll(nodes.Select(node => node.MigrateAsync()));

        await using var connection = await nodes[0].OpenAsync();
        Assert.Equal(Enumerable.Range(1, PostgresDatabase.LatestVersion),
            await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version"));

    }

    [PostgresFact]
    public async Task A_database_from_a_newer_version_is_refused_and_left_untouched()
    {
        var database = new PostgresDatabase(await cluster.CreateDatabaseAsync(nameof(PostgresMigrationTests)));
        await using (var connection = await database.OpenAsync())
            await connection.ExecuteAsync(
                $"""
                CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO schema_migrations (version) SELECT generate_series(1, {PostgresDatabase.LatestVersion + 5});
                CREATE TABLE future (x text);
                """);
        var before = await CatalogAsync(database);

        var error = await Assert.ThrowsAsync<DatabaseTooNewException>(() => database.MigrateAsync());

        Assert.Equal(PostgresDatabase.LatestVersion + 5, error.FoundVersion);
        Assert.Contains($"schema version {PostgresDatabase.LatestVersion + 5}", error.Message);
        Assert.Contains("was not changed", error.Message);
        Assert.StartsWith("PostgreSQL database pw_", error.Message);
        Assert.Equal(before, await CatalogAsync(database));
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_reported_as_unreachable_not_as_a_crash()
    {
        var closed = $"Host=127.0.0.1;Port={ClosedPort()};Database=none;Username=pw;Timeout=3";
        var database = new PostgresDatabase(closed);

        var error = await Assert.ThrowsAsync<DatabaseUnreachableException>(() => database.MigrateAsync());

        Assert.Equal("PostgreSQL database none at 127.0.0.1:" + closed.Split("Port=")[1].Split(';')[0], error.Path);
        Assert.False((await database.PingAsync()).IsReachable);
    }

    [PostgresFact]
    public async Task Quartz_accepts_the_job_store_tables_and_runs_clustered_on_them()
    {
        var connectionString = await cluster.CreateDatabaseAsync(nameof(PostgresMigrationTests));
        await new PostgresDatabase(connectionString).MigrateAsync();

        // Quartz validates its schema at start (SchemaProvisioning.Validate, the default): every table and every
        // column its releases added. Two schedulers of one cluster then share the schedule.
        await using var first = await QuartzNode.StartAsync(connectionString, "node-1");
        await using var second = await QuartzNode.StartAsync(connectionString, "node-2");
        await first.Scheduler.ScheduleJob(
            Quartz.JobBuilder.Create<QuartzNode.NothingJob>().WithIdentity("nothing").Build(),
            Quartz.TriggerBuilder.Create().WithIdentity("later").StartAt(DateTimeOffset.UtcNow.AddHours(1)).Build());

        Assert.NotNull(await second.Scheduler.GetJobDetail(new Quartz.JobKey("nothing")));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Equal(["node-1", "node-2"],
            await connection.QueryAsync<string>("SELECT instance_name FROM qrtz_scheduler_state ORDER BY instance_name"));
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Column(string Name, bool NotNull);

    private sealed record Schema(Dictionary<string, List<Column>> Columns, List<string> Indexes);

    private async Task<Schema> SqliteSchemaAsync()
    {
        var database = new Database(Path.Combine(_folder, "policywatch.db"));
        await database.MigrateAsync();
        await using var connection = await database.OpenAsync();
        var tables = await connection.QueryAsync<string>("SELECT name FROM sqlite_schema WHERE type = 'table'");
        var columns = new Dictionary<string, List<Column>>();
        foreach (var table in tables)
            columns[table] = (await connection.QueryAsync<(string Name, long NotNull)>($"SELECT name, \"notnull\" FROM pragma_table_info('{table}')"))
                .Select(c => new Column(c.Name, c.NotNull != 0)).ToList();
        var indexes = await connection.QueryAsync<string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new Schema(columns, indexes.ToList());
    }

    private static async Task<Schema> PostgresSchemaAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenAsync();
        var columns = (await connection.QueryAsync<(string Table, string Name, string Nullable)>(
                """
                SELECT c.table_name, c.column_name, c.is_nullable FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                """))
            .GroupBy(c => c.Table)
            .ToDictionary(g => g.Key, g => g.Select(c => new Column(c.Name, c.Nullable == "NO")).ToList());
        // Indexes that back a primary key or a UNIQUE constraint are SQLite's autoindexes: not named in its schema.
        var indexes = await connection.QueryAsync<string>(
            """
            SELECT i.relname FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace AND t.relname NOT LIKE 'qrtz\_%'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """);
        return new Schema(columns, indexes.ToList());
    }

    /// <summary>Everything a migration could change: objects, their definitions, the versions recorded.</summary>
    private static async Task<string> CatalogAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<string>(
            """
            SELECT concat_ws(E'\n',
                (SELECT string_agg(c.relname || ' ' || c.relkind::text || ' ' || coalesce(
                     (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum)
                      FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), ''), E'\n' ORDER BY c.relname)
                 FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace),
                (SELECT string_agg(p.proname || ' ' || md5(p.prosrc), E'\n' ORDER BY p.proname) FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace),
                (SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal),
                (SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension),
                (SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations))
            """) ?? "";
    }
}
