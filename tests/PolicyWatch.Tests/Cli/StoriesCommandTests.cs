using Microsoft.Data.Sqlite;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Cli;

/// <summary><c>stories</c> through the real executable: items stored before stories existed get theirs; --rebuild starts afresh.</summary>
public sealed class StoriesCommandTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-stories-").FullName;
    private FixtureServer _server = null!;

    private string FeedsPath => Path.Combine(_folder, "feeds.json");
    private string DbPath => Path.Combine(_folder, "pw.db");

    private string Db => TestDatabases.For(DbPath);

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        // Two outlets carry the same report (one link); a third item is something else.
        _server.Documents["a.xml"] = Feeds.Rss("A", [Feeds.Item("1", "Chat control vote postponed", link: "https://example.org/vote"),
                                                    Feeds.Item("2", "Client-side scanning explained")]);
        _server.Documents["b.xml"] = Feeds.Rss("B", [Feeds.Item("x", "Council delays the chat control vote", link: "https://example.org/vote")]);
        await File.WriteAllTextAsync(FeedsPath, TestCatalog.Json(
            new TestCatalog.Source("a", _server.Url("doc/a.xml")), new TestCatalog.Source("b", _server.Url("doc/b.xml"))));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Items_stored_before_stories_existed_are_assigned_and_rebuild_starts_afresh()
    {
        Assert.Equal(0, (await CliProcess.RunAsync("crawl", "--feeds", FeedsPath, "--db", Db)).ExitCode);
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM story_members"));
        // As a database upgraded from before migration 14 holds them: stored, never assigned.
        await ExecuteAsync("DELETE FROM story_members; DELETE FROM stories; DELETE FROM story_keys; DELETE FROM story_terms; DELETE FROM story_signatures;");

        var result = await CliProcess.RunAsync("stories", "--feeds", FeedsPath, "--db", Db);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Assigned 3 items: 1 joined a story.", result.Stdout);
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM story_members"));
        Assert.Contains("Assigned 0 items", (await CliProcess.RunAsync("stories", "--feeds", FeedsPath, "--db", Db)).Stdout);
        var rebuilt = await CliProcess.RunAsync("stories", "--rebuild", "--feeds", FeedsPath, "--db", Db);
        Assert.Contains("Assigned 3 items: 1 joined a story.", rebuilt.Stdout);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM stories"));
    }

    private Task<long> CountAsync(string sql) => TestDatabases.ScalarAsync<long>(DbPath, sql);

    private Task ExecuteAsync(string sql) => TestDatabases.ExecuteAsync(DbPath, sql);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
