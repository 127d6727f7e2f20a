using System.Text.Json;
using Dapper;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Postgres.Search;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Support.Postgres;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>
/// Phrases on PostgreSQL look their word pairs up (<see cref="WordPairs"/>, the index <c>items_word_pairs</c>): the index
/// finds every item a phrase matches, whatever stands between its words or how long they are, and reads only those.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestDatabases.Provider, TestDatabases.OwnDatabase)]
public sealed class WordPairsIndexTests(PostgresCluster cluster) : IAsyncLifetime
{
    private PostgresStoredItems _store = null!;

    public async Task InitializeAsync() => _store = await PostgresStoredItems.CreateAsync(cluster, nameof(WordPairsIndexTests));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [PostgresFact]
    public async Task Every_item_a_phrase_matches_is_found_through_its_pairs()
    {
        var chat = await _store.AddAsync("Chat control vote postponed");
        var inSummary = await _store.AddAsync("Council", summary: "The chat-control file moves on");
        var archived = await _store.AddAsync("Parliament", archived: "after a long debate on chat control, members voted");
        await _store.AddAsync("Control of chat apps", summary: "chat and control in one sentence, never side by side");
        var withStopWord = await _store.AddAsync("A ban on encryption is proposed");
        var prefix = await _store.AddAsync("Client-side scanning returns");
        var repeated = await _store.AddAsync("End to end to end encryption, said twice");
        var apostrophe = await _store.AddAsync("O'Brien's amendment on scanning");
        // Two words whose pair is too long to index (2,401 bytes): the phrase is checked without its pair.
        var longWords = await _store.AddAsync(new string('ж', 600) + " " + new string('щ', 600));
        await _store.ExecuteAsync("ANALYZE items");
        // Walk factor 0: every search looks its matches up in the index, where the pairs are asked for.
        var lookUp = new ItemQueries(_store.Database) { WalkFactor = 0 };

        Assert.Equal([chat, inSummary, archived], await _store.SearchIdsAsync("\"chat control\"", search: lookUp));
        Assert.Equal([withStopWord], await _store.SearchIdsAsync("\"ban on encryption\"", search: lookUp));
        Assert.Equal([prefix], await _store.SearchIdsAsync("\"client sid\"*", search: lookUp));
        Assert.Equal([repeated], await _store.SearchIdsAsync("\"end to end encryption\"", search: lookUp));
        Assert.Equal([apostrophe], await _store.SearchIdsAsync("\"O'Brien's amendment\"", search: lookUp));
        Assert.Equal([longWords], await _store.SearchIdsAsync($"\"{new string('ж', 600)} {new string('щ', 600)}\"", search: lookUp));
        Assert.Equal(await _store.SearchIdsAsync("\"chat control\" vote"), await _store.SearchIdsAsync("\"chat control\" vote", search: lookUp));
    }

    [PostgresFact]
    public async Task A_phrase_of_common_words_reads_only_the_items_holding_its_pairs()
    {
        await _store.AddAsync("Seed");
        await _store.ExecuteAsync(
            """
            INSERT INTO items (source_id, guid, kind, title, summary_text, published_at, first_seen_at, last_changed_at, content_hash)
            SELECT 'edri', 'filler-' || n, 'article', 'Chat apps and their control ' || n,
                   CASE WHEN n % 300 = 0 THEN 'On chat control' ELSE 'Nothing in a row' END,
                   '2024-01-01'::timestamptz + n * interval '1 minute', '2024-01-01', '2024-01-01', 'h'
            FROM generate_series(1, 3000) n;
            ANALYZE items;
            """);
        await using var connection = await _store.Database.OpenAsync();
        var match = await connection.ExecuteScalarAsync<string>("SELECT to_tsquery('policywatch', '''chat control''')::text");
        var parameters = new { Match = match, Pairs = WordPairs.Of(match!), Wanted = match, NewestId = long.MaxValue, RankedMatches = 2_000 };
        await connection.ExecuteAsync("SET enable_indexscan = off");

        var plan = JsonDocument.Parse((await connection.ExecuteScalarAsync<string>(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + PostgresSearch.LookUpSql(new ItemFilter(), pairs: true), parameters))!).RootElement[0].GetProperty("Plan");

        // The pairs alone hand over the candidates: with the search index too, every candidate's pairs would be computed again.
        var scans = QueryPlans.Nodes(plan).Where(n => n.GetProperty("Node Type").GetString() == "Bitmap Index Scan").ToList();
        Assert.Equal(["items_word_pairs"], scans.Select(n => n.GetProperty("Index Name").GetString()));
        var heap = QueryPlans.Nodes(plan).Single(n => n.GetProperty("Node Type").GetString() == "Bitmap Heap Scan");
        Assert.Equal(10, heap.GetProperty("Actual Rows").GetInt32());
        Assert.Equal(0, heap.TryGetProperty("Rows Removed by Index Recheck", out var rechecked) ? rechecked.GetInt32() : 0);
        Assert.Equal(0, heap.TryGetProperty("Rows Removed by Filter", out var filtered) ? filtered.GetInt32() : 0);
    }
}
