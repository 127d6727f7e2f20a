using System.Diagnostics;
using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PolicyWatch.Storage.Postgres.Copying;

/// <summary>
/// Moves a SQLite database's data into an empty PostgreSQL database (<c>copy-db</c>): every table, in one PostgreSQL
/// transaction, so a copy that fails or is stopped at any point leaves the target as it was and can simply be run
/// again. The SQLite file is opened read-only and read in one snapshot, so it may be copied while the site runs (what
/// the site writes after the copy starts is not copied) and is never changed.
/// <list type="number">
/// <item>The SQLite file must be at this build's schema (older: upgrade it by running this PolicyWatch on it once;
/// newer: refused, as every command refuses it). The PostgreSQL database is migrated to this build's schema.</item>
/// <item>What to copy is read from the two schemas (<see cref="CopyPlan"/>); a column or table with nowhere to go
/// stops the copy before it starts.</item>
/// <item>The tables are locked against writers and must all be empty.</item>
/// <item>Their triggers are switched off for the copy (<c>ALTER TABLE … DISABLE TRIGGER USER</c>, which their owner
/// may do, where <c>session_replication_role</c> needs a superuser): what the triggers keep (<c>activity_weeks</c>,
/// <c>archived_copies</c>) is copied as SQLite kept it, where letting them fire would count every item twice and
/// make lookup rows that collide with the copied ones. Foreign keys are still checked. The search entry is a generated
/// column, so PostgreSQL computes it for every item as it arrives.</item>
/// <item>Indexes no constraint needs are dropped, to be built again once over all the rows.</item>
/// <item>Each table is streamed with binary <c>COPY</c>: rows go from SQLite's reader to PostgreSQL as they are read,
/// never held in memory. <c>COPY</c> writes the ids it is given even into <c>GENERATED ALWAYS</c> identity columns
/// (no <c>OVERRIDING SYSTEM VALUE</c> needed), so item ids, which are permalinks, stay as they were.</item>
/// <item>The dropped indexes are built again, every table's count on PostgreSQL is checked against SQLite's, the
/// triggers are switched back on, the tables analyzed, and the transaction committed. Just before the commit, each
/// identity is set to continue after the highest id SQLite ever gave (<c>sqlite_sequence</c>, which remembers deleted
/// rows too), so no id is given twice; last, because <c>setval</c> is the one thing a rollback does not undo.</item>
/// </list>
/// </summary>
public sealed class DatabaseCopy
{
    /// <summary>Rows between two progress reports within a table.</summary>
    public const int ProgressEvery = 10_000;

    private readonly string _postgres;

    /// <param name="sqlitePath">The SQLite file to copy from.</param>
    /// <param name="postgres">An Npgsql connection string or a <c>postgresql://</c> URI (<see cref="PostgresConnectionString"/>).</param>
    /// <exception cref="FormatException">A URI that cannot be read.</exception>
    /// <exception cref="ArgumentException">A connection string Npgsql does not understand.</exception>
    public DatabaseCopy(string sqlitePath, string postgres)
    {
        Source = Path.GetFullPath(sqlitePath);
        _postgres = postgres;
        Target = PostgresConnectionString.Describe(PostgresConnectionString.From(postgres));
    }

    /// <summary>The SQLite file, as a full path.</summary>
    public string Source { get; }

    /// <summary>The PostgreSQL database, for messages: never the password.</summary>
    public string Target { get; }

    /// <summary>Copies everything, or nothing.</summary>
    /// <exception cref="CopyRefusedException">Nothing was written: the target holds data, the source is missing or not at this build's schema, or the schemas differ.</exception>
    /// <exception cref="CopyFailedException">The copy failed partway; everything written was rolled back.</exception>
    /// <exception cref="DatabaseUnusableException">A database cannot be opened, or was written by a newer PolicyWatch.</exception>
    public async Task<CopyReport> RunAsync(IProgress<CopyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await using var source = await OpenSourceAsync(cancellationToken);
        await using var snapshot = source.BeginTransaction(deferred: true);
        await CheckSourceVersionAsync(source, snapshot, cancellationToken);

        var database = new PostgresDatabase(_postgres);
        await database.MigrateAsync(cancellationToken);
        NpgsqlConnection target;
        try
        {
            target = await database.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (IsFault(e))
        {
            throw new DatabaseUnreachableException(Target, e);
        }
        await using (target)
        {
            string? table = null;
            try
            {
                await using var transaction = await target.BeginTransactionAsync(cancellationToken);
                var plan = await CopyPlan.ReadAsync(source, snapshot, target, transaction, cancellationToken);
                await RefuseUnlessOwnedAndEmptyAsync(target, transaction, plan, cancellationToken);
                await SetTriggersAsync(target, transaction, plan, enabled: false, cancellationToken);
                var indexes = await DropSecondaryIndexesAsync(target, transaction, plan, cancellationToken);

                var counts = new List<long>(plan.Count);
                var nuls = 0;
                for (var i = 0; i < plan.Count; i++)
                {
                    table = plan[i].Name;
                    var total = await source.ExecuteScalarAsync<long>(new CommandDefinition(
                        $"SELECT count(*) FROM {CopyPlan.Quote(table)}", transaction: snapshot, commandTimeout: 0, cancellationToken: cancellationToken));
                    var (rows, replaced) = await CopyTableAsync(source, snapshot, target, plan[i], i + 1, plan.Count, total, progress, cancellationToken);
                    if (rows != total)
                        throw new InvalidOperationException($"{rows} rows of {table} were read where the same snapshot counts {total}");
                    counts.Add(rows);
                    nuls += replaced;
                }
                table = null;

                foreach (var index in indexes)
                    await target.ExecuteAsync(new CommandDefinition(index, transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
                await VerifyCountsAsync(target, transaction, plan, counts, cancellationToken);
                await SetTriggersAsync(target, transaction, plan, enabled: true, cancellationToken);
                await target.ExecuteAsync(new CommandDefinition(
                    $"ANALYZE {string.Join(", ", plan.Select(t => CopyPlan.Quote(t.Name)))}", transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
                // Last, just before the commit: setval is not undone by a rollback.
                var copied = new List<CopiedTable>(plan.Count);
                for (var i = 0; i < plan.Count; i++)
                    copied.Add(new CopiedTable(plan[i].Name, counts[i], await ContinueIdentityAsync(source, snapshot, target, transaction, plan[i], cancellationToken)));
                await transaction.CommitAsync(cancellationToken);
                return new CopyReport(Source, Target, copied, nuls, clock.Elapsed);
            }
            catch (Exception e) when (IsFault(e))
            {
                throw new CopyFailedException(
                    $"the copy into {Target} failed{(table is null ? "" : $" while copying {table}")}: {e.Message}. " +
                    "Everything it had written was undone: the target is as it was before.", e);
            }
        }
    }

    /// <summary>The SQLite file, read-only: a copy never changes it (nor creates it when it is not there).</summary>
    private async Task<SqliteConnection> OpenSourceAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Source)) throw new CopyRefusedException($"there is no SQLite database at {Source} to copy");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Source,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("PRAGMA busy_timeout = 30000");
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw new DatabaseUnreachableException(Source, e);
        }
    }

    /// <summary>
    /// The file must be at this build's schema: the copy reads it as this build's migrations left it, and upgrading
    /// it here would change a file the old site may still be running on.
    /// </summary>
    private async Task CheckSourceVersionAsync(SqliteConnection source, SqliteTransaction snapshot, CancellationToken cancellationToken)
    {
        long version;
        try
        {
            version = await source.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA user_version", transaction: snapshot, cancellationToken: cancellationToken));
        }
        catch (SqliteException e)
        {
            throw new DatabaseUnreachableException(Source, e);
        }
        if (version > Database.LatestVersion) throw new DatabaseTooNewException(Source, (int)version, Database.LatestVersion);
        if (version == 0) throw new CopyRefusedException($"{Source} is not a PolicyWatch database (it has no schema version)");
        if (version < Database.LatestVersion)
            throw new CopyRefusedException(
                $"{Source} has schema version {version}, and this PolicyWatch copies version {Database.LatestVersion}: it was last opened by an " +
                "older PolicyWatch. Upgrade it first by running this PolicyWatch on it once (start the site, or run crawl), " +
                "then copy it. copy-db never changes the file it copies from.");
    }

    /// <summary>
    /// Locks the tables against writers for the rest of the transaction, then refuses unless this role owns them (to
    /// switch their triggers off) and every one is empty, so a copy never mixes with data already there.
    /// </summary>
    private async Task RefuseUnlessOwnedAndEmptyAsync(NpgsqlConnection target, NpgsqlTransaction transaction, IReadOnlyList<TablePlan> plan,
        CancellationToken cancellationToken)
    {
        var tables = string.Join(", ", plan.Select(t => CopyPlan.Quote(t.Name)));
        await target.ExecuteAsync(new CommandDefinition(
            $"SET LOCAL lock_timeout = '30s'; LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE", transaction: transaction, cancellationToken: cancellationToken));

        var notOwned = (await target.QueryAsync<string>(new CommandDefinition(
            """
            SELECT relname FROM pg_class
            WHERE oid IN (SELECT to_regclass(quote_ident(name)) FROM unnest(@Tables) AS name) AND NOT pg_has_role(relowner, 'USAGE')
            ORDER BY relname
            """, new { Tables = plan.Select(t => t.Name).ToArray() }, transaction, cancellationToken: cancellationToken))).AsList();
        if (notOwned.Count > 0)
            throw new CopyRefusedException(
                $"the role {target.UserName} does not own {string.Join(", ", notOwned)} in {Target}: the copy switches the tables' triggers off " +
                "while it writes, which only their owner may do. Copy as the role that owns PolicyWatch's tables. Nothing was copied.");

        var holdingRows = new List<string>();
        foreach (var table in plan)
            if (await target.ExecuteScalarAsync<bool>(new CommandDefinition(
                    $"SELECT EXISTS (SELECT 1 FROM {CopyPlan.Quote(table.Name)})", transaction: transaction, cancellationToken: cancellationToken)))
                holdingRows.Add(table.Name);
        if (holdingRows.Count > 0)
            throw new CopyRefusedException(
                $"{Target} is not empty ({string.Join(", ", holdingRows)} already hold rows): copy-db copies only into an empty database, so " +
                "nothing already there is mixed with the copy or overwritten. Nothing was copied. Copy into a new database, " +
                "or drop this one and create it again if what it holds is not needed.");
    }

    private static Task SetTriggersAsync(NpgsqlConnection target, NpgsqlTransaction transaction, IReadOnlyList<TablePlan> plan, bool enabled,
        CancellationToken cancellationToken) =>
        target.ExecuteAsync(new CommandDefinition(
            string.Concat(plan.Select(t => $"ALTER TABLE {CopyPlan.Quote(t.Name)} {(enabled ? "ENABLE" : "DISABLE")} TRIGGER USER;\n")),
            transaction: transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Drops the tables' indexes that no constraint stands behind (primary keys and unique constraints stay: foreign keys
    /// and duplicates are checked as rows arrive) and returns the statements that make them again. An index built once
    /// over all the rows is faster than one kept up row by row: 100,000 items took 62 s with their indexes kept, 45 s
    /// without, and their search index 5 s to build (a busy 2-core machine).
    /// </summary>
    private static async Task<IReadOnlyList<string>> DropSecondaryIndexesAsync(NpgsqlConnection target, NpgsqlTransaction transaction,
        IReadOnlyList<TablePlan> plan, CancellationToken cancellationToken)
    {
        var indexes = (await target.QueryAsync<(string Name, string Definition)>(new CommandDefinition(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid IN (SELECT to_regclass(quote_ident(name)) FROM unnest(@Tables) AS name)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY 1
            """, new { Tables = plan.Select(t => t.Name).ToArray() }, transaction, cancellationToken: cancellationToken))).AsList();
        if (indexes.Count > 0)
            await target.ExecuteAsync(new CommandDefinition(
                string.Concat(indexes.Select(i => $"DROP INDEX {i.Name};\n")), transaction: transaction, cancellationToken: cancellationToken));
        return indexes.Select(i => i.Definition).ToList();
    }

    /// <summary>Streams one table's rows into PostgreSQL with binary COPY.</summary>
    /// <returns>The rows copied and the texts in which a NUL was replaced.</returns>
    private static async Task<(long Rows, int NulsReplaced)> CopyTableAsync(SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection target,
        TablePlan table, int number, int tables, long total, IProgress<CopyProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new CopyProgress(table.Name, number, tables, 0, total, Done: false));
        await using var read = source.CreateCommand();
        read.Transaction = snapshot;
        read.CommandTimeout = 0;
        read.CommandText = $"SELECT {table.ColumnList} FROM {CopyPlan.Quote(table.Name)}";
        await using var rows = await read.ExecuteReaderAsync(cancellationToken);
        await using var import = await target.BeginBinaryImportAsync(
            $"COPY {CopyPlan.Quote(table.Name)} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        // No time limit: the server checks the foreign keys of a whole table's rows when its COPY completes.
        import.Timeout = TimeSpan.Zero;

        long copied = 0;
        var nuls = 0;
        while (await rows.ReadAsync(cancellationToken))
        {
            await import.StartRowAsync(cancellationToken);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                try
                {
                    if (await ColumnValues.WriteAsync(import, table.Columns[i].Type, rows.GetValue(i), cancellationToken)) nuls++;
                }
                catch (FormatException e)
                {
                    throw new CopyFailedException(
                        $"{table.Name}.{table.Columns[i].Name} of the row {Key(table, rows)} cannot be copied: {e.Message}. Nothing was copied: " +
                        "the target is as it was before.", e);
                }
            }
            if (++copied % ProgressEvery == 0) progress?.Report(new CopyProgress(table.Name, number, tables, copied, total, Done: false));
        }
        var imported = await import.CompleteAsync(cancellationToken);
        if ((long)imported != copied)
            throw new InvalidOperationException($"PostgreSQL took {imported} rows of {table.Name} where {copied} were sent");
        progress?.Report(new CopyProgress(table.Name, number, tables, copied, total, Done: true));
        return (copied, nuls);
    }

    /// <summary>A row as an error message names it: its key (SQLite's primary key), else its place in the table.</summary>
    private static string Key(TablePlan table, SqliteDataReader row)
    {
        var key = table.Columns.Select((c, i) => (c, i)).Where(k => k.c.IsKey).Select(k => $"{k.c.Name} = {row.GetValue(k.i)}").ToList();
        return key.Count > 0 ? $"with {string.Join(", ", key)}" : "(a row without a key)";
    }

    /// <summary>
    /// Sets the table's identity to go on after the highest id SQLite ever gave, which <c>sqlite_sequence</c> remembers
    /// for AUTOINCREMENT tables even once that row is deleted: an item id is a permalink and is never given twice.
    /// </summary>
    /// <returns>The id the next new row will get; null for a table without an identity.</returns>
    private static async Task<long?> ContinueIdentityAsync(SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection target,
        NpgsqlTransaction transaction, TablePlan table, CancellationToken cancellationToken)
    {
        if (table.IdentityColumn is not { } column) return null;
        var last = await source.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT max({CopyPlan.Quote(column)}) FROM {CopyPlan.Quote(table.Name)}", transaction: snapshot, cancellationToken: cancellationToken)) ?? 0;
        if (await source.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence')", transaction: snapshot, cancellationToken: cancellationToken)))
            last = Math.Max(last, await source.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT seq FROM sqlite_sequence WHERE name = @Table", new { Table = table.Name }, snapshot, cancellationToken: cancellationToken)) ?? 0);
        if (last == 0) return 1;
        await target.ExecuteAsync(new CommandDefinition(
            "SELECT setval(pg_get_serial_sequence(@Table, @Column), @Last)", new { Table = CopyPlan.Quote(table.Name), Column = column, Last = last },
            transaction, cancellationToken: cancellationToken));
        return last + 1;
    }

    /// <summary>Every table holds on PostgreSQL, inside the copy's transaction, exactly the rows the SQLite snapshot has.</summary>
    private async Task VerifyCountsAsync(NpgsqlConnection target, NpgsqlTransaction transaction, IReadOnlyList<TablePlan> plan,
        IReadOnlyList<long> counts, CancellationToken cancellationToken)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            var held = await target.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM {CopyPlan.Quote(plan[i].Name)}", transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
            if (held != counts[i])
                throw new CopyFailedException(
                    $"after the copy, {plan[i].Name} holds {held} rows in {Target} where {Source} has {counts[i]}; the copy was undone and the target " +
                    "is as it was before. Please report this: something on PostgreSQL added or removed rows while they were copied.");
        }
    }

    /// <summary>A fault of a database or the way to it, as opposed to a bug or a cancellation.</summary>
    private static bool IsFault(Exception e) => e is NpgsqlException or SqliteException or SocketException or IOException or TimeoutException;
}
