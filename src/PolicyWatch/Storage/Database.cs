using System.Data.Common;
using Dapper;
using PolicyWatch.Storage.Postgres;
using PolicyWatch.Storage.Sqlite;

namespace PolicyWatch.Storage;

/// <summary>The engines a <see cref="Database"/> can be.</summary>
public enum DatabaseProvider
{
    /// <summary>A file on this machine: the one-command default.</summary>
    Sqlite,

    /// <summary>A server several nodes share.</summary>
    Postgres,
}

/// <summary>
/// The database, whichever engine holds it: a SQLite file (a path) or a PostgreSQL database (a connection string or a
/// <c>postgresql://</c> URI, <see cref="PostgresConnectionString"/>). Stores open their connections here and speak
/// the dialect of <see cref="Provider"/>; nothing outside Storage sees either engine's types.
/// </summary>
public sealed class Database
{
    private readonly SqliteFile? _sqlite;
    private readonly PostgresDatabase? _postgres;

    static Database()
    {
        UtcTimestamp.Register();
        StoredDay.Register();
    }

    /// <param name="database">A SQLite path, or a PostgreSQL connection string or URI.</param>
    /// <exception cref="FormatException">A PostgreSQL URI that cannot be read.</exception>
    /// <exception cref="ArgumentException">A PostgreSQL connection string Npgsql does not understand.</exception>
    public Database(string database)
    {
        if (PostgresConnectionString.IsPostgres(database)) _postgres = new PostgresDatabase(database);
        else _sqlite = new SqliteFile(database);
    }

    public DatabaseProvider Provider => _sqlite is null ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>The SQLite file's full path.</summary>
    /// <exception cref="InvalidOperationException">The database is PostgreSQL: it has no file.</exception>
    public string Path => _sqlite?.Path ?? throw new InvalidOperationException($"{Description} has no file path");

    /// <summary>Where the database is, for messages and logs: the file, or the server and database (never a password).</summary>
    public string Description => _sqlite?.Path ?? _postgres!.Description;

    /// <summary>The newest SQLite schema version this build knows (PostgreSQL's: <see cref="PostgresDatabase.LatestVersion"/>).</summary>
    public static int LatestVersion => SqliteFile.LatestVersion;

    internal bool IsPostgres => _postgres is not null;

    /// <summary>
    /// The connection string of a database several nodes share (PostgreSQL), for Quartz's clustered job store, which
    /// opens connections of its own; null for a SQLite file, whose one node keeps its schedule in memory.
    /// </summary>
    public string? SharedSchedulerConnectionString => _postgres?.ConnectionString;

    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        _sqlite is not null ? await _sqlite.OpenAsync(cancellationToken) : await _postgres!.OpenAsync(cancellationToken);

    /// <summary>
    /// Begins a transaction that writes. On PostgreSQL it first takes the writers' lock (a transaction-level advisory
    /// lock), so writes take turns as they do in SQLite, whose one writer at a time the stores were written for: two
    /// crawls storing items at once each bump the weekly activity counts and the story words' counts (by triggers and
    /// upserts) in their own order, and PostgreSQL's row locks then deadlock, which is an error (40P01), not a wait.
    /// Writes are short batches (at most Crawl:ItemsPerTransaction items), so the turns cost little next to fetching.
    /// </summary>
    internal async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (_postgres is not null)
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Lock)", new { Lock = WritersLock }, transaction, cancellationToken: cancellationToken));
        return transaction;
    }

    /// <summary>The advisory lock PostgreSQL writers take turns under ("PW write" in ASCII).</summary>
    private const long WritersLock = 0x5057_2077_7269_7465;

    /// <summary>A connection to the SQLite file, for what only SQLite has (its functions, its file): tests and benchmarks.</summary>
    /// <exception cref="InvalidOperationException">The database is PostgreSQL.</exception>
    internal async Task<Microsoft.Data.Sqlite.SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken = default) =>
        _sqlite is not null ? await _sqlite.OpenAsync(cancellationToken) : throw new InvalidOperationException($"{Description} is not a SQLite file");

    /// <summary>
    /// Runs a read for someone who may stop waiting, a web request above all: when <paramref name="cancellationToken"/>
    /// fires, the statement running stops and the read ends in an <see cref="OperationCanceledException"/> (SQLite:
    /// interrupted; PostgreSQL: cancelled on the server by Npgsql, which sees the token the store passes). Writes are
    /// not interrupted: a crawl stopped mid-transaction would record the interruption as the source's failure.
    /// </summary>
    internal Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken) =>
        _sqlite is not null ? _sqlite.ReadAsync(read, cancellationToken) : _postgres!.ReadAsync(read, cancellationToken);

    /// <summary>
    /// A consistent copy of the whole database at <paramref name="destination"/>, taken with SQLite's
    /// online backup while crawls and readers go on. An existing file there is never overwritten.
    /// </summary>
    /// <exception cref="NotSupportedException">The database is PostgreSQL, which has its own tools (pg_dump).</exception>
    public Task BackupAsync(string destination, CancellationToken cancellationToken = default) =>
        _sqlite?.BackupAsync(destination, cancellationToken)
        ?? throw new NotSupportedException($"{Description} is backed up with PostgreSQL's own tools (pg_dump, or the server's base backups), not with this command");

    /// <summary>Whether the database answers a query now; the problem, in words, when it does not.</summary>
    public async Task<DatabasePing> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM sources", cancellationToken: cancellationToken));
            return DatabasePing.Reachable;
        }
        catch (Exception e) when (IsFault(e))
        {
            return new DatabasePing(e.Message);
        }
    }

    /// <summary>Creates the file (SQLite) if needed and applies pending migrations, each in its own transaction.</summary>
    /// <exception cref="DatabaseTooNewException">The database has a schema newer than this build knows.</exception>
    /// <exception cref="DatabaseUnreachableException">The database cannot be opened or is not a database.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            await _postgres.MigrateAsync(cancellationToken);
            return;
        }
        try
        {
            await _sqlite!.MigrateAsync(cancellationToken);
        }
        catch (Exception e) when (IsFault(e))
        {
            throw new DatabaseUnreachableException(Description, e);
        }
    }

    /// <summary>A fault of the database or the way to it, as opposed to a bug or a cancellation.</summary>
    private static bool IsFault(Exception e) => SqliteFile.IsFault(e) || PostgresDatabase.IsFault(e);
}

/// <summary>The answer to <see cref="Database.PingAsync"/>: null <see cref="Problem"/> when the database answered.</summary>
public sealed record DatabasePing(string? Problem)
{
    public static DatabasePing Reachable { get; } = new((string?)null);

    public bool IsReachable => Problem is null;
}
