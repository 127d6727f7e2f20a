using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>True in the run against PostgreSQL.</summary>
    public static bool OnPostgres { get; } = Environment.GetEnvironmentVariable(Variable) is "postgresql" or "postgres";

    private static readonly Lazy<Task<PostgresCluster>> Cluster = new(StartClusterAsync);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Created = new();

    /// <summary>What <c>--db</c> says for the store at <paramref name="sqlitePath"/> in this run.</summary>
    public static string For(string sqlitePath) =>
        OnPostgres ? Created.GetOrAdd(Path.GetFullPath(sqlitePath), path => new(() => CreateAsync(path))).Value.GetAwaiter().GetResult() : sqlitePath;

    /// <summary>The store at <paramref name="sqlitePath"/> in this run (not yet migrated, as <c>new Database</c>).</summary>
    public static Database Open(string sqlitePath) => new(For(sqlitePath));

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
