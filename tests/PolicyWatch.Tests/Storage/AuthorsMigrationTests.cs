using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

/// <summary>Migration 13: the single author stored before becomes the ordered list, split by the rules new items meet.</summary>
public sealed class AuthorsMigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-authors-").FullName;

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task An_upgrade_splits_stored_authors_as_a_crawl_would_and_keeps_a_milestones_institution_whole()
    {
        var database = new Database(Path.Combine(_folder, "pw.db"));
        await using (var old = await database.OpenAsync())
        {
            for (var step = 0; step < 10; step++) await old.ExecuteAsync(Migrations.Steps[step]);
            await old.ExecuteAsync(
                """
                PRAGMA user_version = 10;
                INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES
                    ('s', 'Smith, Jones and Partners', 'https://x', 'feed', 'eu', 60),
                    ('feeds-json-milestones', 'Curated milestones (feeds.json)', 'feeds.json', 'curated', 'global', 0);
                INSERT INTO items (source_id, guid, kind, title, author, published_at, first_seen_at, last_changed_at, content_hash) VALUES
                    ('s', 'two', 'article', 'Two people', 'Paddy Leerssen, Rachel Griffin', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h'),
                    ('s', 'one', 'article', 'One person', 'Leerssen, Paddy', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h'),
                    ('s', 'org', 'article', 'An organisation', 'Department for Science, Innovation and Technology', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h'),
                    ('s', 'own', 'article', 'The publisher itself', 'Smith, Jones and Partners', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h'),
                    ('s', 'lines', 'article', 'Stored with a line break', 'Jane
                Doe', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h'),
                    ('s', 'none', 'article', 'Nobody', NULL, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h'),
                    ('feeds-json-milestones', 'm', 'milestone', 'A milestone', 'Ministry of Justice, Equality and Law Reform', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h'),
                    ('feeds-json-milestones', 'm2', 'milestone', 'Another milestone', 'Simmons, Simmons and Smith', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h');
                """);
        }

        await database.MigrateAsync();

        var queries = new ItemQueries(database);
        var authors = (await queries.ListAsync(new ItemFilter(), 20)).ToDictionary(i => i.Title, i => i.Authors);
        Assert.Equal(["Paddy Leerssen", "Rachel Griffin"], authors["Two people"]);
        Assert.Equal(["Leerssen, Paddy"], authors["One person"]);
        Assert.Equal(["Department for Science, Innovation and Technology"], authors["An organisation"]);
        Assert.Equal(["Smith, Jones and Partners"], authors["The publisher itself"]);
        Assert.Equal(["Jane Doe"], authors["Stored with a line break"]);
        Assert.Empty(authors["Nobody"]);
        Assert.Equal(["Ministry of Justice, Equality and Law Reform"], authors["A milestone"]);
        // Split as a feed's author, this would be two; a milestone's institution comes from feeds.json and is one.
        Assert.Equal(["Simmons, Simmons and Smith"], authors["Another milestone"]);
        var twoPeople = (await queries.ListAsync(new ItemFilter(), 20)).Single(i => i.Title == "Two people").Id;
        Assert.Equal(["Paddy Leerssen", "Rachel Griffin"], (await new ItemDetailQueries(database).FindAsync(twoPeople))!.Authors);
        // The display line is left as it was.
        await using var connection = await database.OpenAsync();
        Assert.Equal("Paddy Leerssen, Rachel Griffin", await connection.ExecuteScalarAsync<string>("SELECT author FROM items WHERE guid = 'two'"));
    }

    [Fact]
    public async Task A_list_written_by_hand_past_the_limits_is_read_within_them()
    {
        var database = TestDatabases.Open(Path.Combine(_folder, "pw.db"));
        await database.MigrateAsync();
        await using var connection = await database.OpenAsync();
        var lines = string.Join('\n', Enumerable.Range(1, 80).Select(i => $"Person {i} " + new string('x', 600)));
        await connection.ExecuteAsync(
            """
            INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES ('s', 'S', 'https://x', 'feed', 'eu', 60);
            INSERT INTO items (source_id, guid, kind, title, authors, published_at, first_seen_at, last_changed_at, content_hash)
            VALUES ('s', 'g', 'article', 'Crowded', @Lines, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'h');
            """, new { Lines = lines });

        var item = Assert.Single(await new ItemQueries(database).ListAsync(new ItemFilter(), 10));

        Assert.InRange(item.Authors.Count, 1, PolicyWatch.Normalizing.TextLimits.Authors);
        Assert.All(item.Authors, name => Assert.InRange(name.Length, 1, PolicyWatch.Normalizing.TextLimits.Author));
        Assert.StartsWith("Person 1 ", item.Authors[0]);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
