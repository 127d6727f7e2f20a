using Dapper;
using Microsoft.Data.Sqlite;

namespace PolicyWatch.Storage.Sqlite;

/// <summary>
/// A SQLite file, as <see cref="Database"/> uses it: connections with the settings and functions every connection
/// needs, interruptible reads, online backup, and the numbered migrations (<see cref="Migrations"/>) at start.
/// </summary>
internal sealed class SqliteFile
{
    private readonly string _connectionString;

    public SqliteFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public static int LatestVersion => Migrations.Steps.Count;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // Readers never wait for the writer in WAL mode; NORMAL sync is crash-safe for the process. First, so the
        // functions below, which read the schema through SQLite's own API (no Microsoft.Data.Sqlite retry), wait
        // out a passing lock too: the last connection to close checkpoints the WAL under an exclusive one.
        await connection.ExecuteAsync("PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;");
        StoredText.Register(connection);
        Search.SearchTokens.Register(connection);
        Search.CachedBm25.Register(connection);
        Search.BoundedSnippet.Register(connection);
        return connection;
    }

    /// <summary>
    /// Runs a read for someone who may stop waiting: when <paramref name="cancellationToken"/> fires, the statement
    /// running on the connection is interrupted (sqlite3_interrupt). Microsoft.Data.Sqlite looks at a token only
    /// before a statement starts, so without this a search abandoned by its client ran to its end.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Released before the connection goes back to the pool (disposal waits for a running callback), so a late
        // cancellation never reaches the connection's next user. One that lands between two statements is forgotten
        // by SQLite when the next starts; Microsoft.Data.Sqlite's own look at the token stops that one instead.
        var interrupt = cancellationToken.Register(static handle => SQLitePCL.raw.sqlite3_interrupt((SQLitePCL.sqlite3)handle!), connection.Handle);
        try
        {
            return await read(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the read was interrupted: its caller stopped waiting", e, cancellationToken);
        }
        finally
        {
            await interrupt.DisposeAsync();
        }
    }

    /// <summary>A consistent copy at <paramref name="destination"/> by SQLite's online backup; never overwrites a file.</summary>
    public async Task BackupAsync(string destination, CancellationToken cancellationToken)
    {
        var target = System.IO.Path.GetFullPath(destination);
        if (File.Exists(target)) throw new IOException($"{target} already exists; choose a new file name for the backup");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        try
        {
            await using var source = await OpenAsync(cancellationToken);
            await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
            await copy.OpenAsync(cancellationToken);
            source.BackupDatabase(copy);
        }
        catch (SqliteException e)
        {
            throw new DatabaseUnreachableException(Path, e);
        }
    }

    /// <summary>A fault of the database or its file, as opposed to a bug or a cancellation.</summary>
    public static bool IsFault(Exception e) => e is SqliteException or IOException or UnauthorizedAccessException;

    /// <summary>Creates the file if needed and applies pending migrations, each in its own transaction.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(cancellationToken);
        var version = await connection.ExecuteScalarAsync<int>("PRAGMA user_version");
        if (version > LatestVersion) throw new DatabaseTooNewException(Path, version, LatestVersion);
        // 8 KiB pages fit summaries and archived texts with less slack than 4 KiB (measured: ~10% smaller
        // at a million items). Only an empty file can take it, and only before WAL is switched on.
        if (version == 0 && await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema") == 0)
            await connection.ExecuteAsync("PRAGMA page_size = 8192");
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL");
        AuthorList.RegisterForMigration(connection);
        for (var step = version; step < LatestVersion; step++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(Migrations.Steps[step], transaction: transaction);
            await connection.ExecuteAsync($"PRAGMA user_version = {step + 1}", transaction: transaction);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
