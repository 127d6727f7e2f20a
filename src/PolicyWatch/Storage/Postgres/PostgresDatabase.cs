using System.Net.Sockets;
using Dapper;
using Npgsql;

namespace PolicyWatch.Storage.Postgres;

/// <summary>
/// A PostgreSQL database, as <see cref="Database"/> is a SQLite file: opens connections (one pooled
/// <see cref="NpgsqlDataSource"/>) and brings the schema up to date at start, refusing one newer than this build
/// knows. Several nodes may start at once against the same database: each step is applied by one of them, under a
/// lock, and the others find it done. Connections come from Npgsql's pool for the connection string, shared by every
/// instance in the process as SQLite's pool is, so a store or test that makes its own instance costs no server
/// connections of its own.
/// </summary>
public sealed class PostgresDatabase
{
    /// <summary>The advisory lock migrations hold, one transaction per step ("PolicyWa" in ASCII).</summary>
    private const long MigrationLock = 0x506F_6C69_6379_5761;

    private readonly string _connectionString;

    /// <param name="database">An Npgsql connection string or a <c>postgresql://</c> URI (<see cref="PostgresConnectionString"/>).</param>
    /// <exception cref="FormatException">A URI that cannot be read.</exception>
    /// <exception cref="ArgumentException">A connection string Npgsql does not understand.</exception>
    public PostgresDatabase(string database)
    {
        _connectionString = PostgresConnectionString.From(database);
        Description = PostgresConnectionString.Describe(_connectionString);
    }

    /// <summary>The Npgsql connection string (a URI read into one): for Quartz's job store, never for messages.</summary>
    internal string ConnectionString => _connectionString;

    /// <summary>Where the database is, for messages and logs; never the password.</summary>
    public string Description { get; }

    public static int LatestVersion => PostgresMigrations.Steps.Count;

    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Runs a read for someone who may stop waiting: Npgsql cancels a running statement on the server when the token
    /// its command was given fires; that error (57014) becomes the <see cref="OperationCanceledException"/> callers expect.
    /// </summary>
    internal async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            return await read(connection);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the read was cancelled: its caller stopped waiting", e, cancellationToken);
        }
    }

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

    /// <summary>Applies pending migrations, each in its own transaction.</summary>
    /// <exception cref="DatabaseTooNewException">The database has a schema newer than this build knows; it is left as it was.</exception>
    /// <exception cref="DatabaseUnreachableException">The server cannot be reached, refuses us, or fails a step.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            while (await MigrateOneStepAsync(connection, cancellationToken))
            {
            }
        }
        catch (Exception e) when (IsFault(e))
        {
            throw new DatabaseUnreachableException(Description, e);
        }
    }

    /// <summary>
    /// Under the migration lock: reads the version, refuses a newer one, applies the next step if any. False once the
    /// schema is current. The lock is a transaction's, so a node that dies mid-step leaves neither the step nor the lock.
    /// </summary>
    private async Task<bool> MigrateOneStepAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Lock)", new { Lock = MigrationLock }, transaction, cancellationToken: cancellationToken));
        var version = await VersionAsync(connection, transaction, cancellationToken);
        if (version > LatestVersion) throw new DatabaseTooNewException(Description, version, LatestVersion);
        if (version == LatestVersion) return false;
        if (version == 0)
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, transaction: transaction, cancellationToken: cancellationToken));
        // No time limit: a later step may rewrite a table of millions of rows.
        await connection.ExecuteAsync(new CommandDefinition(PostgresMigrations.Steps[version], transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version) VALUES (@Version)", new { Version = version + 1 }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The last step applied; 0 for a database PolicyWatch has never migrated.</summary>
    private static async Task<int> VersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", transaction: transaction, cancellationToken: cancellationToken));
        return exists
            ? await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT coalesce(max(version), 0) FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))
            : 0;
    }

    /// <summary>A fault of the server or the way to it, as opposed to a bug or a cancellation.</summary>
    internal static bool IsFault(Exception e) => e is NpgsqlException or SocketException or IOException or TimeoutException;
}
