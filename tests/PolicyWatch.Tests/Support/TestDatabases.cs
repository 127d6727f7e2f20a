using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support.Postgres;

namespace PolicyWatch.Tests.Support;

/// <summary>
/// Which database a test's store lives in. Tests name a SQLite path, as a user's <c>--db</c> would; with
/// <c>POLICYWATCH_TEST_DATABASE=postgresql</c> the same path names a PostgreSQL database of one cluster started for
/// the run (<see cref="PostgresCluster"/>), so the same tests run against either engine: the path chooses the
/// database (the same path, the same database; a test that reopens a store finds what it wrote), the switch the
/// engine. Tests of what only SQLite has (its file, its pragmas and migrations, its functions) carry
/// <c>[Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]</c>, and the PostgreSQL run leaves them out
/// (<c>--filter Provider!=sqlite</c>).
/// </summary>
public static class TestDatabases
{
    public const string Variable = "POLICYWATCH_TEST_DATABASE";

    public const string Provider = "Provider", SqliteOnly = "sqlite";

    /// <summary>
    /// The trait value of tests that make databases of their own choosing (PostgreSQL's own tests on the shared
    /// cluster, copy-db from a SQLite file, the two-node cluster): they run in the first pass, and the PostgreSQL pass
    /// (<c>--filter "Provider!=sqlite&amp;Provider!=own"</c>) would only run them again.
    /// </summary>
    public const string OwnDatabase = "own";

    /// <summary>True in the run against PostgreSQL.</summary>
    public static bool OnPostgres { get; } = Environment.GetEnvironmentVariable(Variable) is "postgresql" or "postgres";

    private static readonly Lazy<Task<PostgresCluster>> Cluster = new(StartClusterAsync);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Created = new();

    /// <summary>What <c>--db</c> says for the store at <paramref name="sqlitePath"/> in this run.</summary>
    public static string For(string sqlitePath) =>
        OnPostgres ? Created.GetOrAdd(Path.GetFullPath(sqlitePath), path => new(() => CreateAsync(path))).Value.GetAwaiter().GetResult() : sqlitePath;

    /// <summary>The store at <paramref name="sqlitePath"/> in this run (not yet migrated, as <c>new Database</c>).</summary>
    public static Database Open(string sqlitePath) => new(For(sqlitePath));

    /// <summary>
    /// Why this run cannot test what it was asked to: the PostgreSQL run on a machine without PostgreSQL, off CI. Every
    /// test is then reported skipped with this reason (<see cref="ProviderTestFramework"/>); on CI they fail instead.
    /// </summary>
    public static string? Unavailable { get; } = OnPostgres && !PostgresCluster.Installed && !PostgresCluster.OnCi
        ? $"SKIPPED: {Variable}=postgresql, but {PostgresCluster.NotInstalled}"
        : null;

    /// <summary>How a long text parameter is written in SQL: packed on SQLite (<see cref="StoredText"/>), plain on PostgreSQL.</summary>
    public static string Pack(string parameter) => OnPostgres ? parameter : $"pack({parameter})";

    /// <summary>The first column of the first row of <paramref name="sql"/> on the store at <paramref name="sqlitePath"/>.</summary>
    public static async Task<T> ScalarAsync<T>(string sqlitePath, string sql, object? parameters = null)
    {
        await using var connection = await Open(sqlitePath).OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    /// <summary>Runs <paramref name="sql"/> (one statement or several) on the store at <paramref name="sqlitePath"/>.</summary>
    public static async Task ExecuteAsync(string sqlitePath, string sql, object? parameters = null)
    {
        await using var connection = await Open(sqlitePath).OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>
    /// Items committed so far in the store at <paramref name="sqlitePath"/>, read as an outside observer while another
    /// process writes it; 0 before the file (SQLite) or the schema exists.
    /// </summary>
    public static async Task<long> CountItemsAsync(string sqlitePath)
    {
        if (!OnPostgres && !File.Exists(sqlitePath)) return 0;
        try
        {
            // SQLite: read-only and unpooled, so the observer never creates the file nor holds it open.
            await using var connection = OnPostgres
                ? await Open(sqlitePath).OpenAsync()
                : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sqlitePath};Mode=ReadOnly;Pooling=false");
            if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
            return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items");
        }
        catch (DbException)
        {
            return 0; // the schema is not there yet
        }
    }

    /// <summary>Whether nothing was ever written to the store at <paramref name="sqlitePath"/>: no file (SQLite), no table (PostgreSQL).</summary>
    public static async Task<bool> IsUntouchedAsync(string sqlitePath) =>
        OnPostgres
            ? await ScalarAsync<long>(sqlitePath, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == 0
            : !File.Exists(sqlitePath);

    private static async Task<string> CreateAsync(string path)
    {
        var cluster = await Cluster.Value;
        // A name from the whole path: two tests' folders never share a database, one test's reopenings always do.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..16];
        return await cluster.CreateDatabaseAsync(Path.GetFileNameWithoutExtension(path) + hash);
    }

    private static async Task<PostgresCluster> StartClusterAsync()
    {
        if (!PostgresCluster.Installed) throw new InvalidOperationException($"{Variable}=postgresql, but {PostgresCluster.NotInstalled}");
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        return cluster; // stopped when the test process exits (PostgresCluster stops itself then)
    }
}
