using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Search;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

/// <summary>pw_rank, SQLite's bm25 with cached phrase counts: PostgreSQL ranks with ts_rank (<see cref="PolicyWatch.Storage.Postgres.Search.PostgresSearch"/>).</summary>
[Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
public sealed class CachedBm25Tests : IDisposable
{
    private const string BothScores = """
        SELECT rowid AS Id, bm25(items_fts, 10.0, 4.0, 1.0, 0.0) AS Expected, pw_rank(items_fts, @Match, 10.0, 4.0, 1.0, 0.0) AS Actual
        FROM items_fts WHERE items_fts MATCH @Match
        """;

    private readonly StoredItems _store = new();

    [Theory]
    [InlineData("encryption")]
    [InlineData("\"chat control\"")]
    [InlineData("\"chat control\" AND encryption")]
    [InlineData("\"chat control\" OR scanning")]
    [InlineData("scanning NOT apple")]
    [InlineData("{title summary_text archived_text} : (encrypt*)")]
    [InlineData("(encryption) AND filters : (dcsamxhregulation0)")]
    [InlineData("(scanning OR encryption) AND filters : (jeu0 OR jgb0)")]
    public async Task Scores_every_match_as_bm25_does(string match)
    {
        await AddCorpusAsync();
        await using var connection = await _store.Database.OpenSqliteAsync();

        var rows = await ScoresAsync(connection, match);

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal(row.Expected, row.Actual, 1e-9));
    }

    [Fact]
    public async Task Column_weights_rank_a_title_hit_above_a_summary_hit_as_bm25_does()
    {
        var inSummary = await _store.AddAsync("Weekly roundup", "Today: encryption and more");
        var inTitle = await _store.AddAsync("Encryption under threat", "Today: a statement");
        await using var connection = await _store.Database.OpenSqliteAsync();

        var rows = (await ScoresAsync(connection, "encryption")).ToDictionary(r => r.Id);

        Assert.True(rows[inTitle].Actual < rows[inSummary].Actual);
        Assert.All(rows.Values, row => Assert.Equal(row.Expected, row.Actual, 1e-9));
    }

    [Fact]
    public async Task The_filter_tokens_in_a_match_are_never_counted()
    {
        await AddCorpusAsync();
        await using var connection = await _store.Database.OpenSqliteAsync();
        var registration = CachedBm25.RegistrationOf(connection)!;

        await ScoresAsync(connection, SearchPlan.WithFilters(new ItemFilter { Dossier = "csam-regulation", Jurisdiction = "eu" }, "(encryption)", jurisdictionInIndex: true));

        // Their weight is 0, so their idf never changes a score: only the word is counted.
        Assert.Equal(1, registration.PhraseScans);
    }

    [Fact]
    public async Task A_repeated_search_takes_its_phrase_counts_from_the_cache()
    {
        await AddCorpusAsync();
        await using var connection = await _store.Database.OpenSqliteAsync();
        var registration = CachedBm25.RegistrationOf(connection)!;

        var first = await ScoresAsync(connection, "\"chat control\" OR encryption");
        var scansAfterFirst = registration.PhraseScans;
        var second = await ScoresAsync(connection, "\"chat control\" OR encryption");

        Assert.Equal(2, scansAfterFirst);
        Assert.Equal(scansAfterFirst, registration.PhraseScans);
        Assert.Equal(first, second);
        Assert.All(second, row => Assert.Equal(row.Expected, row.Actual, 1e-9));

        await ScoresAsync(connection, "encryption OR \"chat control\"");
        Assert.Equal(4, registration.PhraseScans);
    }

    [Fact]
    public async Task A_cached_count_stays_while_items_arrive_and_a_new_search_counts_afresh()
    {
        await AddCorpusAsync();
        await using var connection = await _store.Database.OpenSqliteAsync();
        await ScoresAsync(connection, "encryption");
        for (var i = 0; i < 5; i++) await _store.AddAsync($"Encryption news {i}");

        var cached = await ScoresAsync(connection, "encryption");
        var fresh = await ScoresAsync(connection, "(encryption)");

        Assert.Contains(cached, row => Math.Abs(row.Expected - row.Actual) > 1e-6);
        Assert.All(fresh, row => Assert.Equal(row.Expected, row.Actual, 1e-9));
    }

    [Fact]
    public async Task A_pooled_connection_gets_pw_rank_once()
    {
        CachedBm25.Registration? first = null;
        for (var i = 0; i < 10; i++)
        {
            await using var connection = await _store.Database.OpenSqliteAsync();
            var registration = CachedBm25.RegistrationOf(connection)!;
            first ??= registration;
            Assert.Same(first, registration);
            Assert.Equal(1, registration.Functions);
        }

        await using var one = await _store.Database.OpenSqliteAsync();
        await using var another = await _store.Database.OpenSqliteAsync();
        Assert.NotSame(CachedBm25.RegistrationOf(one), CachedBm25.RegistrationOf(another));
        Assert.Equal(1, CachedBm25.RegistrationOf(another)!.Functions);
    }

    [Fact]
    public async Task A_call_without_its_key_fails_the_statement_not_the_process()
    {
        await AddCorpusAsync();
        await using var connection = await _store.Database.OpenSqliteAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() =>
            connection.QueryAsync<double>("SELECT pw_rank(items_fts) FROM items_fts WHERE items_fts MATCH 'encryption'"));

        Assert.Contains("needs the MATCH text", error.Message);
        Assert.NotEmpty(await ScoresAsync(connection, "encryption"));
    }

    [LinuxFact("it reads /proc/self/maps")]
    public async Task Its_native_calls_reach_the_one_sqlite_library_the_connections_use()
    {
        // A second copy of SQLite in the process would have its own locks and allocator under the same connection.
        await using var connection = await _store.Database.OpenSqliteAsync();

        var libraries = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && Path.GetFileName(fields[5]).StartsWith("libe_sqlite3", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .Distinct();

        Assert.Single(libraries);
    }

    private static async Task<List<Scores>> ScoresAsync(SqliteConnection connection, string match) =>
        (await connection.QueryAsync<Scores>(BothScores, new { Match = match })).ToList();

    private async Task AddCorpusAsync()
    {
        await _store.AddAsync("Chat control vote delayed", "The Council could not agree on encryption.", dossiers: ["csam-regulation"], jurisdictions: ["eu"]);
        await _store.AddAsync("Encryption under threat", "Client-side scanning would break it.", jurisdictions: ["gb"]);
        await _store.AddAsync("Weekly roundup", "Today: encryption, chat control and more", archived: "A long text about chat control, scanning and encryption.");
        await _store.AddAsync("Client-side scanning explained", "Apple and scanning.", dossiers: ["csam-regulation"], jurisdictions: ["eu"]);
        await _store.AddAsync("Control of the chat", "Moderators on scanning.", jurisdictions: ["gb"]);
        await _store.AddAsync("Online Safety Act guidance", "Ofcom publishes codes.", jurisdictions: ["gb"]);
        await _store.AddAsync("Parliament position on chat control", "MEPs protect encryption; encryption stays.", dossiers: ["csam-regulation"], jurisdictions: ["eu"]);
    }

    private sealed record Scores(long Id, double Expected, double Actual);

    public void Dispose() => _store.Dispose();
}
