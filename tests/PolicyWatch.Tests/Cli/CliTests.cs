using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Cli;

/// <summary>The executable as operators run it: exit codes, progress lines, clear errors.</summary>
public sealed class CliTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-cli-").FullName;
    private FixtureServer _server = null!;

    private string FeedsPath => Path.Combine(_folder, "feeds.json");
    private string DbPath => Path.Combine(_folder, "data", "pw.db");

    /// <summary>What <c>--db</c> says for <see cref="DbPath"/> in this run: the file, or its PostgreSQL database.</summary>
    private string Db => TestDatabases.For(DbPath);

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.Documents["a.xml"] = Feeds.Rss("A", [Feeds.Item("a1", "One"), Feeds.Item("a2", "Two")]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task WriteFeedsAsync(params TestCatalog.Source[] sources) =>
        await File.WriteAllTextAsync(FeedsPath, TestCatalog.Json(sources));

    [Fact]
    public async Task Crawl_prints_a_line_per_source_and_a_summary_and_exits_1_when_some_failed()
    {
        await WriteFeedsAsync(new TestCatalog.Source("good", _server.Url("doc/a.xml")), new TestCatalog.Source("bad", _server.Url("status/503")));

        var result = await CliProcess.RunAsync("crawl", "--feeds", FeedsPath, "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Crawling 2 sources into {TestDatabases.Open(DbPath).Description}", result.Stdout);
        Assert.DoesNotContain("Password", result.Stdout + result.Stderr); // PostgreSQL's run: the connection string is never shown
        Assert.Matches(@"\[\d/2\] good\s+ok 200\s+\d+ ms  2 new, 0 updated", result.Stdout);
        Assert.Matches(@"\[\d/2\] bad\s+failed 503\s+\d+ ms  HTTP 503 Service Unavailable", result.Stdout);
        Assert.Contains("Done: 1 succeeded, 1 failed, 2 new items", result.Stdout);
    }

    [Fact]
    public async Task Crawl_of_one_source_exits_0_when_it_succeeds()
    {
        await WriteFeedsAsync(new TestCatalog.Source("good", _server.Url("doc/a.xml")), new TestCatalog.Source("bad", _server.Url("status/503")));

        var result = await CliProcess.RunAsync("crawl", "--source", "good", "--feeds", FeedsPath, "--db", Db);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("bad", result.Stdout);
    }

    [Fact]
    public async Task The_setting_Storage_Database_names_the_database_when_db_is_not_given_and_db_wins_over_it()
    {
        await WriteFeedsAsync(new TestCatalog.Source("good", _server.Url("doc/a.xml")));
        var other = Path.Combine(_folder, "other", "pw.db");

        var bySetting = await CliProcess.RunAsync("crawl", "--feeds", FeedsPath, $"--Storage:Database={Db}");
        var byDb = await CliProcess.RunAsync("crawl", "--feeds", FeedsPath, "--db", TestDatabases.For(other), $"--Storage:Database={Db}");

        Assert.Equal((0, 0), (bySetting.ExitCode, byDb.ExitCode));
        Assert.Contains($"into {TestDatabases.Open(DbPath).Description}", bySetting.Stdout);
        Assert.Contains($"into {TestDatabases.Open(other).Description}", byDb.Stdout);
        Assert.Equal((2, 2), (await CountItemsAsync(), await TestDatabases.CountItemsAsync(other)));
    }

    [Theory]
    [InlineData("--db", "postgresql://pw:s3cret@db:port/policywatch", "error: --db is not a PostgreSQL connection string or URI that can be used")]
    [InlineData("--Storage:Database=", "", "error: Storage:Database is empty")]
    public async Task A_database_setting_that_cannot_be_used_stops_the_command_with_exit_2_naming_it(string option, string value, string error)
    {
        await WriteFeedsAsync(new TestCatalog.Source("good", _server.Url("doc/a.xml")));

        var result = await CliProcess.RunAsync(["crawl", "--feeds", FeedsPath, .. value.Length > 0 ? [option, value] : new[] { option }]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(error, result.Stderr);
        Assert.DoesNotContain("s3cret", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task An_invalid_feeds_json_refuses_every_command_with_all_its_errors_and_exit_2()
    {
        await File.WriteAllTextAsync(FeedsPath, TestCatalog.Json(new TestCatalog.Source("x", _server.Url("doc/a.xml"), Every: "5 minutes"))
            .Replace("\"jurisdictions\": {", "\"jurisdictionz\": 1, \"jurisdictions\": {"));

        foreach (var command in new[] { "check-config", "crawl", "serve" })
        {
            var result = await CliProcess.RunAsync(command, "--feeds", FeedsPath, "--db", Db, "--urls", "http://127.0.0.1:0");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("is invalid (2 errors)", result.Stderr);
            Assert.Contains("sources[0].every: \"5 minutes\" is not a duration such as 30m, 6h or 1d", result.Stderr);
            Assert.Contains("jurisdictionz: is not a known key here", result.Stderr);
        }
        Assert.True(await TestDatabases.IsUntouchedAsync(DbPath), "nothing may be written when the configuration is invalid");
    }

    [Fact]
    public async Task A_fetch_setting_that_cannot_be_used_stops_crawl_and_serve_naming_it()
    {
        await WriteFeedsAsync(new TestCatalog.Source("good", _server.Url("doc/a.xml")));

        foreach (var command in new[] { "crawl", "serve" })
        {
            var result = await CliProcess.RunAsync(command, "--feeds", FeedsPath, "--db", Db, "--urls", "http://127.0.0.1:0",
                "--Fetch:AllowedPrivateNetworks:0=10.0.0.0/99");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("Fetch:AllowedPrivateNetworks[0]: \"10.0.0.0/99\" is not an address, network or address:port", result.Stderr);
        }
    }

    [Fact]
    public async Task Check_config_summarises_a_valid_file()
    {
        var result = await CliProcess.RunAsync("check-config", "--feeds", Path.Combine(TestPaths.RepoRoot, "feeds.json"));

        Assert.Equal(0, result.ExitCode);
        var summary = Regex.Match(result.Stdout, @"is valid: 4 jurisdictions, 5 dossiers \((\d+) milestones\), 5 topics, \d+ sources");
        Assert.True(summary.Success, result.Stdout);
        // The curated record the shipped file promises (issue 13): at least 55 milestones.
        Assert.True(int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) >= 55, summary.Value);
    }

    [Fact]
    public async Task Unknown_arguments_print_the_usage_and_exit_2()
    {
        var result = await CliProcess.RunAsync("crawl", "extra");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unexpected argument \"extra\"", result.Stderr);
        Assert.Contains("Usage: PolicyWatch.Web [command] [options]", result.Stderr);
    }

    [Fact]
    public async Task A_crawl_killed_mid_write_leaves_a_sound_database_with_everything_committed_before()
    {
        _server.Delay = TimeSpan.FromMilliseconds(50);
        // 200 items a feed: one transaction each (Crawl:ItemsPerTransaction), so what survives is whole fetches.
        await WriteFeedsAsync(Enumerable.Range(1, 60).Select(i => new TestCatalog.Source($"s{i:D2}", _server.Url($"gen/s{i}.xml?items=200"))).ToArray());
        using var crawl = CliProcess.Start("crawl", "--feeds", FeedsPath, "--db", Db);

        long committed = 0;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); committed < 600 && DateTime.UtcNow < deadline; await Task.Delay(20))
            committed = await CountItemsAsync();
        Assert.False(crawl.HasExited, "the crawl must still be running when it is killed, or the kill proves nothing");
        crawl.Kill(entireProcessTree: true); // SIGKILL: no chance to finish the write in flight
        await crawl.WaitForExitAsync();

        Assert.True(committed >= 600, $"the crawl should have committed items before the kill (saw {committed})");
        if (!TestDatabases.OnPostgres)
        {
            SqliteConnection.ClearAllPools();
            await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=false");
            await connection.OpenAsync();
            Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        }
        var after = await TestDatabases.CountItemsAsync(DbPath);
        Assert.True(after >= committed, $"{after} items after the kill, {committed} seen committed before");
        Assert.Equal(0, after % 200); // whole fetches only: a fetch of up to 200 items is one transaction
    }

    // PostgreSQL's own refusal of a newer schema is tested with its migrations (Storage/Postgres).
    [Fact, Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task A_database_written_by_a_newer_PolicyWatch_is_refused_with_exit_3_and_left_untouched()
    {
        await WriteFeedsAsync(new TestCatalog.Source("good", _server.Url("doc/a.xml")));
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=false"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("CREATE TABLE future (x); PRAGMA user_version = 999;");
        }
        var before = await File.ReadAllBytesAsync(DbPath);

        var result = await CliProcess.RunAsync("crawl", "--feeds", FeedsPath, "--db", DbPath);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"error: the database {DbPath} cannot be used", result.Stderr);
        Assert.Contains("schema version 999", result.Stderr);
        Assert.Equal(before, await File.ReadAllBytesAsync(DbPath));
    }

    [Fact, Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task A_file_that_is_not_a_database_is_refused_with_exit_3_and_left_untouched()
    {
        await WriteFeedsAsync(new TestCatalog.Source("good", _server.Url("doc/a.xml")));
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        await File.WriteAllTextAsync(DbPath, "notes.txt saved over the database by mistake " + new string('x', 4096));
        var before = await File.ReadAllBytesAsync(DbPath);

        var result = await CliProcess.RunAsync("crawl", "--feeds", FeedsPath, "--db", DbPath);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"error: the database {DbPath} cannot be used", result.Stderr);
        Assert.Contains("file is not a database", result.Stderr);
        Assert.DoesNotContain("Please report", result.Stderr);
        Assert.Equal(before, await File.ReadAllBytesAsync(DbPath));
    }

    [Fact, Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Backup_while_a_crawl_is_writing_gives_a_sound_copy()
    {
        _server.Delay = TimeSpan.FromMilliseconds(30);
        await WriteFeedsAsync(Enumerable.Range(1, 40).Select(i => new TestCatalog.Source($"w{i:D2}", _server.Url($"gen/w{i}.xml?items=200"))).ToArray());
        using var crawl = CliProcess.Start("crawl", "--feeds", FeedsPath, "--db", DbPath);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); await CountItemsAsync() < 400 && DateTime.UtcNow < deadline;) await Task.Delay(20);
        var copy = Path.Combine(_folder, "copy.db");

        var backup = await CliProcess.RunAsync("backup", copy, "--feeds", FeedsPath, "--db", DbPath);
        var crawlWasRunning = !crawl.HasExited;
        await crawl.WaitForExitAsync();

        Assert.True(crawlWasRunning, "the crawl must still be writing while the backup runs");
        Assert.Equal(0, backup.ExitCode);
        await using var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        var items = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items");
        Assert.True(items >= 400 && items % 200 == 0, $"{items} items: whole fetches only, at least those committed before");
    }

    private Task<long> CountItemsAsync() => TestDatabases.CountItemsAsync(DbPath);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary><c>parse</c> prints the parser's contract as JSON, from a file or over HTTP.</summary>
public sealed class ParseCommandTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.Documents["feed.xml"] = Feeds.Rss("Parsed", [Feeds.Item("p1", "Chat control vote", new DateTimeOffset(2023, 11, 14, 16, 30, 0, TimeSpan.Zero))]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Parse_json_prints_the_contract_for_a_url()
    {
        var result = await CliProcess.RunAsync("parse", _server.Url("doc/feed.xml").ToString(), "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("rss20", root.GetProperty("format").GetString());
        Assert.False(root.GetProperty("bozo").GetBoolean());
        Assert.Equal("Parsed", root.GetProperty("feed").GetProperty("title").GetString());
        var entry = root.GetProperty("entries")[0];
        Assert.Equal("Chat control vote", entry.GetProperty("title").GetString());
        Assert.Equal("2023-11-14T16:30:00Z", entry.GetProperty("published").GetString());
    }

    [Fact]
    public async Task Parse_exits_1_with_the_reason_when_nothing_usable_is_read()
    {
        var html = await CliProcess.RunAsync("parse", _server.Url("html").ToString(), "--json");
        var missing = await CliProcess.RunAsync("parse", "/nonexistent/feed.xml", "--json");

        Assert.Equal((1, ""), (html.ExitCode, html.Stdout.Trim()));
        Assert.StartsWith("error: ", html.Stderr);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("cannot read /nonexistent/feed.xml", missing.Stderr);
    }
}
