using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

/// <summary>Migration 11: page fetches are told apart by a column, outcomes are stable codes.</summary>
public sealed class FetchLogMigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-fetchlog-").FullName;

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Old_outcome_texts_become_a_target_and_a_code_and_the_sources_page_reads_them()
    {
        var database = new Database(Path.Combine(_folder, "pw.db"));
        await using (var old = await database.OpenAsync())
        {
            for (var step = 0; step < 10; step++) await old.ExecuteAsync(Migrations.Steps[step]);
            await old.ExecuteAsync(
                """
                PRAGMA user_version = 10;
                INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds, last_attempt_at, last_status)
                VALUES ('s', 'S', 'https://x', 'feed', 'eu', 60, '2026-01-01T00:00:00Z', 'ok, with warnings');
                INSERT INTO fetch_log (source_id, started_at, duration_ms, outcome, bytes, new_items, updated_items, skipped_items, note) VALUES
                    ('s', '2026-01-01T00:00:00Z', 5, 'ok, with warnings', 10, 1, 0, 3, 'the feed was malformed'),
                    ('s', '2026-01-01T00:00:01Z', 5, 'page archived', 10, 0, 0, 0, 'https://x/a'),
                    ('s', '2026-01-01T00:00:02Z', 5, 'page refused', 0, 0, 0, 0, 'https://x/b'),
                    ('s', '2026-01-01T00:00:03Z', 5, 'page failed', 0, 0, 0, 0, 'https://x/c');
                """);
        }

        await database.MigrateAsync();

        await using var connection = await database.OpenAsync();
        var rows = (await connection.QueryAsync<(string Target, string Outcome)>("SELECT target, outcome FROM fetch_log ORDER BY id")).ToList();
        Assert.Equal([("source", "warnings"), ("page", "ok"), ("page", "refused"), ("page", "failed")], rows);
        var source = Assert.Single(await new SourceHealthQueries(database).ListAsync());
        Assert.Equal("ok, with warnings", source.LastStatus);
        Assert.Equal((3, "the feed was malformed"), (source.LastSkipped, source.LastNote)); // the last fetch of the source, not of a page
    }

    [Fact]
    public void Every_outcome_has_a_code_that_reads_back_as_itself()
    {
        foreach (var outcome in Enum.GetValues<FetchOutcome>())
            Assert.Equal(outcome, FetchOutcomes.FromCode(outcome.Code()));
        Assert.Null(FetchOutcomes.FromCode("ok, with warnings"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
