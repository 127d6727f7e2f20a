using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using PolicyWatch.Storage.Postgres;
using PolicyWatch.Storage.Search;
using PolicyWatch.Tests.Support.Postgres;

using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>
/// What the PostgreSQL schema does by itself, before any store uses it: the search entry and its weights, the
/// triggers SQLite has, compression. Instants are written as SQL literals here: the stores will send them as
/// <c>timestamptz</c> parameters.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestDatabases.Provider, TestDatabases.OwnDatabase)]
public sealed class PostgresSchemaTests(PostgresCluster cluster) : IAsyncLifetime
{
    /// <summary>ts_rank's weights for D, C, B, A: SQLite's pw_rank weights (filters 0, archived 1, summary 4, title 10).</summary>
    private const string Weights = "'{0, 0.1, 0.4, 1}'";

    private PostgresDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = new PostgresDatabase(await cluster.CreateDatabaseAsync(nameof(PostgresSchemaTests)));
        await _database.MigrateAsync();
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES
                ('edri', 'EDRi', 'https://edri.org/feed/', 'feed', 'eu', 1800),
                ('oeil-2022-0155', 'OEIL', 'https://oeil.example/2022-0155', 'html', 'eu', 21600)
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [PostgresFact]
    public async Task A_title_match_ranks_above_a_summary_match_and_that_above_an_archived_text_match()
    {
        await using var connection = await _database.OpenAsync();
        var inTitle = await InsertAsync(connection, "rank-title", title: "Encryption under attack", summary: "A vote on Tuesday.");
        var inSummary = await InsertAsync(connection, "rank-summary", title: "A vote on Tuesday", summary: "Members argued about encryption.");
        var inArchive = await InsertAsync(connection, "rank-archive", title: "A vote on Tuesday", summary: "Members argued.", archived: "The debate turned to encryption.");

        var ranked = await connection.QueryAsync<long>(
            $"""
            SELECT id FROM items, to_tsquery('policywatch', 'encrypt:*ABC') q
            WHERE search_vector @@ q AND guid LIKE 'rank-%' ORDER BY ts_rank({Weights}, search_vector, q) DESC, id
            """);

        Assert.Equal([inTitle, inSummary, inArchive], ranked);
    }

    [PostgresFact]
    public async Task Words_are_stemmed_accents_folded_and_no_word_is_a_stop_word()
    {
        await using var connection = await _database.OpenAsync();
        var id = await InsertAsync(connection, "words", title: "Die Überwachung: to be or not to be encrypted", summary: null);

        async Task<bool> Finds(string query) => await connection.ExecuteScalarAsync<bool>(
            "SELECT search_vector @@ to_tsquery('policywatch', @Query) FROM items WHERE id = @Id", new { Query = query, Id = id });
        async Task<bool> FindsPhrase(string phrase) => await connection.ExecuteScalarAsync<bool>(
            "SELECT search_vector @@ phraseto_tsquery('policywatch', @Phrase) FROM items WHERE id = @Id", new { Phrase = phrase, Id = id });

        Assert.True(await Finds("uberwachung"));
        Assert.True(await Finds("Überwachung"));
        Assert.True(await Finds("encryption"));
        Assert.True(await Finds("encrypt:*"));
        Assert.True(await FindsPhrase("to be or not to be"));
        Assert.False(await FindsPhrase("be to"));
    }

    [PostgresFact]
    public async Task Filter_tokens_narrow_a_search_inside_the_index_and_words_kept_off_them_never_match_them()
    {
        await using var connection = await _database.OpenAsync();
        var tagged = SearchTokens.Token(SearchTokens.Jurisdiction, "eu") + " " + SearchTokens.Token(SearchTokens.Dossier, "eu-csam-regulation");
        var eu = await InsertAsync(connection, "filters-eu", title: "Chat control vote", summary: null, tagTokens: tagged);
        var legislative = await InsertAsync(connection, "filters-official", title: "Chat control: plenary vote", summary: null, kind: "legislative", source: "oeil-2022-0155");
        await InsertAsync(connection, "filters-none", title: "Chat control elsewhere", summary: null);
        // A page that happens to contain a word spelled like a token.
        var lookalike = await InsertAsync(connection, "filters-lookalike", title: "Codes such as jeu0 and chat control", summary: null);

        async Task<IEnumerable<long>> Search(string query) => await connection.QueryAsync<long>(
            "SELECT id FROM items WHERE search_vector @@ to_tsquery('policywatch', @Query) AND guid LIKE 'filters-%' ORDER BY id", new { Query = query });

        Assert.Equal([eu], await Search($"chat:ABC <-> control:ABC & {SearchTokens.Token(SearchTokens.Jurisdiction, "eu")}:D"));
        Assert.Equal([eu], await Search($"chat:ABC & {SearchTokens.Token(SearchTokens.Dossier, "eu-csam-regulation")}:D"));
        Assert.Equal([legislative], await Search($"vote:ABC & {SearchTokens.Token(SearchTokens.Kind, "Legislative")}:D"));
        Assert.Equal([legislative], await Search($"chat:ABC & {SearchTokens.Token(SearchTokens.Source, "oeil-2022-0155")}:D"));
        Assert.Equal([lookalike], await Search("jeu0:ABC"));
        // The test table is small enough for a scan; what matters is that the index can answer the whole query.
        await connection.ExecuteAsync("SET enable_seqscan = off");
        var plan = string.Join('\n', await connection.QueryAsync<string>(
            $"EXPLAIN SELECT id FROM items WHERE search_vector @@ to_tsquery('policywatch', 'chat:ABC & {SearchTokens.Token(SearchTokens.Jurisdiction, "eu")}:D')"));
        await connection.ExecuteAsync("RESET enable_seqscan");
        Assert.Contains("items_search", plan);
    }

    [PostgresTheory]
    [InlineData("eu")]
    [InlineData("eu-csam-regulation")]
    [InlineData("X-Ray Überwachung")]
    [InlineData("uk_online.safety/act 2023")]
    [InlineData("Legislative")]
    [InlineData("xx-x")]
    public async Task Sql_spells_a_filter_token_as_SearchTokens_does(string id)
    {
        await using var connection = await _database.OpenAsync();

        var spelled = await connection.ExecuteScalarAsync<string>("SELECT search_token('d', @Id)", new { Id = id });

        Assert.Equal(SearchTokens.Token(SearchTokens.Dossier, id), spelled);
    }

    [PostgresFact]
    public async Task An_activity_week_is_the_Monday_SQLite_gives_whatever_the_session_time_zone()
    {
        string[] instants =
        [
            "2024-06-02T23:59:59Z", "2024-06-03T00:00:00Z", "2024-06-09T23:59:59Z", "2024-01-01T00:00:00Z",
            "2023-12-31T12:00:00Z", "2024-02-29T08:00:00Z", "2020-12-31T23:00:00Z", "1999-12-31T23:59:59Z",
        ];
        await using var sqlite = new SqliteConnection("Data Source=:memory:");
        await sqlite.OpenAsync();
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync("SET TIME ZONE 'Pacific/Kiritimati'");

        foreach (var instant in instants)
        {
            var expected = await sqlite.ExecuteScalarAsync<string>("SELECT date(@At, '-6 days', 'weekday 1')", new { At = instant });
            var monday = await connection.ExecuteScalarAsync<DateTime>("SELECT activity_week(@At::timestamptz)", new { At = instant });
            Assert.Equal(expected, monday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
        await connection.ExecuteAsync("RESET TIME ZONE");
    }

    [PostgresFact]
    public async Task Triggers_keep_the_weekly_counts_as_SQLites_do()
    {
        await using var connection = await _database.OpenAsync();
        var first = await InsertAsync(connection, "weeks-1", title: "One", summary: null, published: "2031-05-29T10:00:00Z");
        var second = await InsertAsync(connection, "weeks-2", title: "Two", summary: null, published: "2031-06-03T00:00:00Z");
        await connection.ExecuteAsync(
            """
            INSERT INTO item_jurisdictions (jurisdiction, item_id, published_at) VALUES ('eu', @First, '2031-05-29T10:00:00Z'), ('eu', @Second, '2031-06-03T00:00:00Z');
            INSERT INTO item_dossiers (dossier_id, item_id, published_at) VALUES ('eu-csam-regulation', @First, '2031-05-29T10:00:00Z');
            INSERT INTO item_topics (topic_id, item_id, published_at) VALUES ('encryption', @Second, '2031-06-03T00:00:00Z');
            """, new { First = first, Second = second });

        Assert.Equal(
            ["all 2031-05-26 1", "all 2031-06-02 1", "d:eu-csam-regulation 2031-05-26 1", "j:eu 2031-05-26 1", "j:eu 2031-06-02 1",
             "s:edri 2031-05-26 1", "s:edri 2031-06-02 1", "t:encryption 2031-06-02 1"],
            await WeeksAsync(connection));

        // Moving an item to another week moves its counts; its tags follow when their rows are updated.
        await connection.ExecuteAsync(
            """
            UPDATE items SET published_at = '2031-06-10T00:00:00Z' WHERE id = @Second;
            UPDATE item_jurisdictions SET published_at = '2031-06-10T00:00:00Z' WHERE item_id = @Second;
            DELETE FROM item_dossiers WHERE item_id = @First;
            DELETE FROM items WHERE id = @First;
            """, new { First = first, Second = second });

        Assert.Equal(
            ["all 2031-06-09 1", "j:eu 2031-06-09 1", "s:edri 2031-06-09 1", "t:encryption 2031-06-02 1"],
            await WeeksAsync(connection));
    }

    [PostgresFact]
    public async Task Every_item_with_a_web_link_is_due_for_an_archived_copy_lookup_and_a_changed_link_is_looked_up_afresh()
    {
        await using var connection = await _database.OpenAsync();
        var web = await InsertAsync(connection, "copies-web", title: "Web", summary: null, url: "HTTPS://edri.org/a");
        var file = await InsertAsync(connection, "copies-file", title: "File", summary: null, url: "file:///tmp/feed.xml");
        await connection.ExecuteAsync(
            "UPDATE archived_copies SET copy_url = 'https://web.archive.org/x', next_lookup_at = NULL WHERE item_id = @Web", new { Web = web });

        Assert.Equal([web], await connection.QueryAsync<long>("SELECT item_id FROM archived_copies WHERE item_id IN (@Web, @File)", new { Web = web, File = file }));

        await connection.ExecuteAsync(
            "UPDATE items SET url = 'https://edri.org/b', last_changed_at = '2024-07-01T00:00:00Z' WHERE id = @Web; UPDATE items SET url = 'https://edri.org/c' WHERE id = @File",
            new { Web = web, File = file });

        var copies = (await connection.QueryAsync<(long ItemId, string? CopyUrl, DateTime? NextLookupAt)>(
            "SELECT item_id, copy_url, next_lookup_at FROM archived_copies WHERE item_id IN (@Web, @File) ORDER BY item_id", new { Web = web, File = file })).ToList();
        Assert.Equal(2, copies.Count);
        Assert.Null(copies[0].CopyUrl);
        Assert.Equal(new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc), copies[0].NextLookupAt);
    }

    [PostgresFact]
    public async Task A_hostile_page_of_distinct_words_at_every_length_limit_is_stored_and_searchable()
    {
        // Distinct one-letter words of four UTF-8 bytes each: the largest search entry per character of text.
        var letters = HostileLetters().GetEnumerator();
        string Words(int characters)
        {
            var text = new StringBuilder(characters + 3);
            while (text.Length < characters && letters.MoveNext()) text.Append(char.ConvertFromUtf32(letters.Current)).Append(' ');
            return text.ToString();
        }
        await using var connection = await _database.OpenAsync();

        var id = await InsertAsync(connection, "hostile", title: Words(1_000) + "hostile", summary: Words(64 * 1024), archived: Words(1024 * 1024));

        var size = await connection.ExecuteScalarAsync<int>("SELECT pg_column_size(search_vector) FROM items WHERE id = @Id", new { Id = id });
        Assert.InRange(size, 100_000, 1024 * 1024);
        Assert.True(await connection.ExecuteScalarAsync<bool>(
            "SELECT search_vector @@ to_tsquery('policywatch', 'hostile') FROM items WHERE id = @Id", new { Id = id }));
    }

    [PostgresFact]
    public async Task Long_texts_are_compressed_with_lz4_when_the_server_has_it()
    {
        await using var connection = await _database.OpenAsync();
        var lz4 = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals))");
        var long_ = string.Concat(Enumerable.Repeat("The Online Safety Act received Royal Assent. ", 2_000));
        var id = await InsertAsync(connection, "lz4", title: "Compressed", summary: long_, archived: long_);

        var columns = (await connection.QueryAsync<(string Name, string Compression)>(
            """
            SELECT attname, attcompression::text FROM pg_attribute
            WHERE attrelid = 'items'::regclass AND attname IN ('summary_html', 'summary_text', 'content_text', 'archived_text', 'search_vector')
            """)).ToList();
        var stored = await connection.ExecuteScalarAsync<string?>("SELECT pg_column_compression(archived_text) FROM items WHERE id = @Id", new { Id = id });

        Assert.Equal(5, columns.Count);
        if (lz4)
        {
            Assert.All(columns, c => Assert.Equal("l", c.Compression));
            Assert.Equal("lz4", stored);
        }
        else
        {
            Assert.All(columns, c => Assert.Equal("", c.Compression));
            Assert.Equal("pglz", stored);
        }
    }

    /// <summary>Letters outside the Basic Multilingual Plane (CJK extension B on), one distinct letter each.</summary>
    private static IEnumerable<int> HostileLetters()
    {
        for (var codePoint = 0x20000; codePoint <= 0x3134A; codePoint++)
            if (char.IsLetter(char.ConvertFromUtf32(codePoint), 0)) yield return codePoint;
    }

    private static async Task<List<string>> WeeksAsync(NpgsqlConnection connection) =>
        (await connection.QueryAsync<string>(
            "SELECT scope || ' ' || week || ' ' || items FROM activity_weeks WHERE items <> 0 AND week >= '2031-01-01' ORDER BY scope, week")).ToList();

    private static Task<long> InsertAsync(NpgsqlConnection connection, string guid, string title, string? summary, string? archived = null,
        string kind = "article", string source = "edri", string? tagTokens = null, string published = "2024-05-29T10:00:00Z", string? url = null) =>
        connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO items (source_id, guid, kind, title, url, summary_text, archived_text, tag_tokens,
                               published_at, first_seen_at, last_changed_at, content_hash)
            VALUES (@Source, @Guid, @Kind, @Title, @Url, @Summary, @Archived, @TagTokens,
                    @Published::timestamptz, @Published::timestamptz, @Published::timestamptz, @Guid)
            RETURNING id
            """, new { Source = source, Guid = guid, Kind = kind, Title = title, Url = url, Summary = summary, Archived = archived, TagTokens = tagTokens, Published = published });
}
