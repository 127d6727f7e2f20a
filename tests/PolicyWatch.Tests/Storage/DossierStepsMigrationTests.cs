using Dapper;
using PolicyWatch.Storage;

namespace PolicyWatch.Tests.Storage;

/// <summary>Migration 15: the dossier rows of official steps stored before it are marked, so the index of steps holds them.</summary>
public sealed class DossierStepsMigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-steps-").FullName;

    [Fact]
    [Trait(Support.TestDatabases.Provider, Support.TestDatabases.SqliteOnly)]
    public async Task An_upgrade_marks_stored_legislative_events_and_milestones_and_leaves_the_weekly_counts_alone()
    {
        var database = new Database(Path.Combine(_folder, "pw.db"));
        await database.MigrateAsync();
        await using (var old = await database.OpenAsync())
        {
            // Back to the schema before step 15 (its trigger is re-created by the step as it was, and the steps after
            // it undone: sources' host), then rows of then.
            await old.ExecuteAsync(
                """
                ALTER TABLE sources DROP COLUMN host;
                DROP INDEX item_dossiers_official;
                ALTER TABLE item_dossiers DROP COLUMN official;
                PRAGMA user_version = 14;
                INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES ('s', 'S', 'https://x', 'feed', 'eu', 60);
                INSERT INTO items (source_id, guid, kind, title, published_at, first_seen_at, last_changed_at, content_hash) VALUES
                    ('s', 'vote', 'legislative', 'Plenary vote', '2026-03-11T00:00:00Z', '2026-03-11T00:00:00Z', '2026-03-11T00:00:00Z', 'h1'),
                    ('s', 'news', 'article', 'Coverage of the vote', '2026-03-12T00:00:00Z', '2026-03-12T00:00:00Z', '2026-03-12T00:00:00Z', 'h2');
                INSERT INTO item_dossiers (dossier_id, item_id, published_at) SELECT 'eu-csam-regulation', id, published_at FROM items;
                """);
        }
        var weeksBefore = await WeeksAsync(database);

        await database.MigrateAsync();

        var status = await new DossierQueries(database, new ItemQueries(database)).StatusAsync("eu-csam-regulation", new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(("Plenary vote", 2L), (status.LastStep?.Title, status.Items));
        Assert.Equal(weeksBefore, await WeeksAsync(database));
    }

    private static async Task<List<(string, string, long)>> WeeksAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<(string, string, long)>("SELECT scope, week, items FROM activity_weeks ORDER BY scope, week")).AsList();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
