using PolicyWatch.Tests.Support.Postgres;

using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>The throwaway cluster the PostgreSQL tests run on is what they assume it is.</summary>
[Collection(PostgresCollection.Name)]
[Trait(TestDatabases.Provider, TestDatabases.OwnDatabase)]
public sealed class PostgresClusterTests(PostgresCluster cluster)
{
    [PostgresFact]
    public async Task Each_database_is_new_utf8_and_owned_by_a_role_that_is_not_a_superuser()
    {
        var first = await cluster.CreateDatabaseAsync(nameof(PostgresClusterTests));
        var second = await cluster.CreateDatabaseAsync(nameof(PostgresClusterTests));

        Assert.NotEqual(first, second);
        var rows = await cluster.PsqlAsync("postgres",
            $"""
            SELECT d.datname || ' ' || pg_encoding_to_char(d.encoding) || ' ' || r.rolname || ' ' || r.rolsuper
            FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
            WHERE d.datname LIKE 'pw_{nameof(PostgresClusterTests).ToLowerInvariant()}_%' ORDER BY d.datname
            """);
        Assert.All(rows.Split('\n'), row => Assert.EndsWith(" UTF8 policywatch false", row));
        Assert.Equal(2, rows.Split('\n').Length);
    }

    [PostgresFact]
    public async Task The_cluster_listens_on_the_loopback_address_only_and_does_not_sync_to_disk()
    {
        var settings = await cluster.PsqlAsync("postgres",
            "SELECT current_setting('listen_addresses') || ' ' || current_setting('fsync') || ' ' || current_setting('port')");

        Assert.Equal($"127.0.0.1 off {cluster.Port}", settings);
    }

    [Fact]
    public void A_database_name_is_made_of_safe_characters_whatever_the_purpose()
    {
        Assert.Equal("pw_searchtestsdrop_3", PostgresCluster.DatabaseName("Search-Tests; DROP", 3));
    }
}
