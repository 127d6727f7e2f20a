using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Cli;

/// <summary><c>retag</c> through the real executable: new rules reach stored items; nothing is deleted.</summary>
public sealed class RetagCommandTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-retag-").FullName;
    private FixtureServer _server = null!;

    private string FeedsPath => Path.Combine(_folder, "feeds.json");
    private string DbPath => Path.Combine(_folder, "pw.db");

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.Documents["f.xml"] = Feeds.Rss("F", [
            Feeds.Item("1", "Chat control vote postponed"),
            Feeds.Item("2", "Chatkontrolle: Rat vertagt Abstimmung"),
            Feeds.Item("3", "Client-side scanning explained"),
        ]);
        await File.WriteAllTextAsync(FeedsPath, TestCatalog.Json(new TestCatalog.Source("f", _server.Url("doc/f.xml"), "eu")));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Retag_applies_changed_rules_reports_counts_per_tag_and_keeps_every_item()
    {
        Assert.Equal(0, (await CliProcess.RunAsync("crawl", "--feeds", FeedsPath, "--db", TestDatabases.For(DbPath))).ExitCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM item_dossiers WHERE dossier_id = 'eu-csam-regulation'"));

        // New rules: the German term joins the dossier; client-side scanning is no longer a topic phrase.
        await File.WriteAllTextAsync(FeedsPath, (await File.ReadAllTextAsync(FeedsPath))
            .Replace("\"phrases\": [\"chat control\"]", "\"phrases\": [\"chat control\", \"Chatkontrolle\"]")
            .Replace("\"phrases\": [\"client-side scanning\"]", "\"phrases\": [\"upload moderation\"]"));
        var result = await CliProcess.RunAsync("retag", "--feeds", FeedsPath, "--db", TestDatabases.For(DbPath));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Retagged 3 items: 2 changed.", result.Stdout);
        Assert.Matches(@"dossier:eu-csam-regulation\s+\+1 -0", result.Stdout);
        Assert.Matches(@"topic:client-side-scanning\s+\+0 -1", result.Stdout);
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM item_dossiers WHERE dossier_id = 'eu-csam-regulation'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM item_topics"));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM item_tag_reasons WHERE phrase = 'Chatkontrolle' AND field = 'title'"));
    }

    private Task<long> CountAsync(string sql) => TestDatabases.ScalarAsync<long>(DbPath, sql);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary><c>backup</c> copies a SQLite file; it sends an operator of PostgreSQL to pg_dump.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-backup-").FullName;

    [Fact, Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Backup_writes_a_consistent_copy_and_never_overwrites()
    {
        var db = Path.Combine(_folder, "pw.db");
        var feeds = Path.Combine(TestPaths.RepoRoot, "feeds.json");
        var copy = Path.Combine(_folder, "copies", "pw-backup.db");
        Assert.Equal(0, (await CliProcess.RunAsync("check-config", "--feeds", feeds)).ExitCode);
        await using (var database = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            await database.OpenAsync();
            await database.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (42);");
        }

        var first = await CliProcess.RunAsync("backup", copy, "--db", db);
        var again = await CliProcess.RunAsync("backup", copy, "--db", db);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Backed up", first.Stdout);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists", again.Stderr);
        await using var restored = new SqliteConnection($"Data Source={copy};Pooling=false");
        await restored.OpenAsync();
        Assert.Equal(42, await restored.ExecuteScalarAsync<long>("SELECT x FROM t"));
        Assert.Equal("ok", await restored.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Backup_of_a_PostgreSQL_database_says_to_use_pg_dump_and_exits_2_without_connecting()
    {
        var copy = Path.Combine(_folder, "pw-backup.db");

        // Port 1 on loopback: nothing listens there, and the command must not try.
        var result = await CliProcess.RunAsync("backup", copy, "--db", "postgresql://pw:s3cret@127.0.0.1:1/policywatch");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: backup copies a SQLite file, and the database is PostgreSQL database policywatch at 127.0.0.1:1", result.Stderr);
        Assert.Contains("pg_dump", result.Stderr);
        Assert.DoesNotContain("s3cret", result.Stdout + result.Stderr);
        Assert.False(File.Exists(copy));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
