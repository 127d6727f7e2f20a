using Dapper;
using Npgsql;
using PolicyWatch.Storage.Postgres;
using PolicyWatch.Tests.Storage.Postgres;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Support.Postgres;
using PolicyWatch.Web.Cli;

namespace PolicyWatch.Tests.Cli;

/// <summary>
/// <c>copy-db</c> through the real executable: a line per table, the counts verified, exit codes, no password shown.
/// Its source is a SQLite file whatever the run, so it runs in the SQLite run (with PostgreSQL as the target), not again
/// in PostgreSQL's, where <see cref="CopySource"/>'s pipeline would be a PostgreSQL database.
/// </summary>
[Collection(PostgresCollection.Name), Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
public sealed class CopyDbCommandTests(PostgresCluster cluster, CopySource source) : IClassFixture<CopySource>
{
    /// <summary>A new database of the cluster as the URI a hosting provider gives, password and all.</summary>
    private async Task<(string Uri, string Name)> NewTargetAsync()
    {
        var name = new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync(nameof(CopyDbCommandTests))).Database!;
        return ($"postgresql://{PostgresCluster.Owner}:{PostgresCluster.OwnerPassword}@{cluster.Host}:{cluster.Port}/{name}", name);
    }

    [PostgresFact]
    public async Task Copy_db_prints_a_line_per_table_verifies_the_counts_and_refuses_a_second_copy_with_exit_code_2()
    {
        var (uri, name) = await NewTargetAsync();
        var target = $"PostgreSQL database {name} at {cluster.Host}:{cluster.Port}";
        long items, sources;
        await using (var sqlite = await source.Database.OpenAsync())
            (items, sources) = (await sqlite.ExecuteScalarAsync<long>("SELECT count(*) FROM items"), await sqlite.ExecuteScalarAsync<long>("SELECT count(*) FROM sources"));

        var copy = await CliProcess.RunAsync("copy-db", "--from", source.Path, "--to", uri);
        var again = await CliProcess.RunAsync("copy-db", "--db", source.Path, "--to", uri);

        Assert.True(copy.ExitCode == 0, copy.Stderr);
        Assert.Contains($"Copying {source.Path} into {target}", copy.Stdout);
        Assert.Matches($@"\[ 1/\d+\] sources\s+{sources} rows", copy.Stdout);
        Assert.Matches($@"\[ ?\d+/\d+\] items\s+{items} rows", copy.Stdout);
        Assert.Contains($"Verified: every table holds as many rows in {target} as in the SQLite file.", copy.Stdout);
        Assert.Matches(@"New rows are numbered after the highest id SQLite ever gave: items from \d+, fetch_log from \d+", copy.Stdout);
        Assert.Contains("1 texts held a NUL character", copy.Stdout);
        Assert.Matches(@"Done: \d+ rows in \d+ tables in", copy.Stdout);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"error: {target} is not empty (sources, items", again.Stderr);
        // The source's temporary folder is named policywatch-test-…, as the password is.
        Assert.DoesNotContain(PostgresCluster.OwnerPassword, (copy.Stdout + copy.Stderr + again.Stdout + again.Stderr).Replace(source.Path, ""));
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(name));
        await connection.OpenAsync();
        Assert.Equal(items, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items"));
    }

    [PostgresFact]
    public async Task A_copy_that_fails_midway_exits_1_and_says_the_target_is_as_it_was()
    {
        var (uri, name) = await NewTargetAsync();
        var database = new PostgresDatabase(uri);
        await database.MigrateAsync();
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString(name)))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("ALTER TABLE fetch_log ADD CONSTRAINT no_fetches CHECK (duration_ms < 0)");
        }

        var result = await CliProcess.RunAsync("copy-db", "--from", source.Path, "--to", uri);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("while copying fetch_log", result.Stderr);
        Assert.Contains("the target is as it was before", result.Stderr);
        Assert.Matches(@"\] items\s+\d+ rows", result.Stdout);
    }

    [PostgresFact]
    public async Task A_missing_SQLite_file_is_refused_with_exit_code_2_and_an_unreachable_server_gives_3()
    {
        var (uri, _) = await NewTargetAsync();
        var missing = Path.Combine(Path.GetTempPath(), $"policywatch-missing-{Guid.NewGuid():N}.db");
        var closed = FixtureServer.ClosedPortUrl().Port;

        var noFile = await CliProcess.RunAsync("copy-db", "--from", missing, "--to", uri);
        var noServer = await CliProcess.RunAsync("copy-db", "--from", source.Path, "--to",
            $"postgresql://{PostgresCluster.Owner}:{PostgresCluster.OwnerPassword}@127.0.0.1:{closed}/nowhere?connect_timeout=5");

        Assert.Equal(2, noFile.ExitCode);
        Assert.Contains($"error: there is no SQLite database at {missing} to copy", noFile.Stderr);
        Assert.False(File.Exists(missing));
        Assert.Equal(3, noServer.ExitCode);
        Assert.True(noServer.Stderr.Contains($"error: PostgreSQL database nowhere at 127.0.0.1:{closed} cannot be used"), noServer.Stderr);
        Assert.DoesNotContain(PostgresCluster.OwnerPassword, (noServer.Stdout + noServer.Stderr).Replace(source.Path, ""));
    }

    [Theory]
    [InlineData(new[] { "copy-db" }, "copy-db needs --to")]
    [InlineData(new[] { "copy-db", "--to", "data/other.db" }, "--to must name a PostgreSQL database")]
    [InlineData(new[] { "crawl", "--to", "postgresql://db/pw" }, "--from and --to are only for copy-db")]
    public void A_copy_db_command_line_without_a_PostgreSQL_target_is_a_usage_error(string[] args, string error)
    {
        var thrown = Assert.Throws<ArgumentException>(() => CommandLine.Parse(args));

        Assert.StartsWith(error, thrown.Message);
    }

    [Fact]
    public void The_SQLite_file_is_the_one_given_by_from_else_by_db()
    {
        var explicitly = CommandLine.Parse(["copy-db", "--from", "old.db", "--to", "Host=db;Database=pw"]);
        var byDb = CommandLine.Parse(["copy-db", "--db", "site.db", "--to", "postgresql://pw@db/pw"]);

        Assert.Equal(("old.db", "Host=db;Database=pw"), (explicitly.From, explicitly.To));
        Assert.Equal((null, "site.db"), (byDb.From, byDb.Database));
    }

    [Fact]
    public async Task Without_from_a_db_that_names_PostgreSQL_is_refused_with_exit_code_2_and_never_shown()
    {
        var result = await CliProcess.RunAsync("copy-db", "--db", "postgresql://pw:s3cret@127.0.0.1:1/site", "--to", "postgresql://pw:s3cret@127.0.0.1:1/other");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: copy-db copies a SQLite file into PostgreSQL, and --db names a PostgreSQL database: give the SQLite file with --from PATH", result.Stderr);
        Assert.DoesNotContain("s3cret", result.Stdout + result.Stderr);
    }
}
