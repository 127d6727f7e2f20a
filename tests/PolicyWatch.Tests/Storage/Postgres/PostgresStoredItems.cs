using Dapper;
using PolicyWatch.Classifying;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Postgres.Search;
using PolicyWatch.Storage.Search;
using PolicyWatch.Tests.Support.Postgres;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>
/// A migrated database of its own on the throwaway cluster with items written straight into it in plain SQL, for
/// search tests: <see cref="StoredItems"/>' counterpart. An item's tags reach the search vector through
/// <c>items.tag_tokens</c>, as the stores will write them (<see cref="SearchTokens.ForTags"/>).
/// </summary>
public sealed class PostgresStoredItems : IAsyncDisposable
{
    private readonly HashSet<string> _sources = [];

    private PostgresStoredItems(Database database) => Database = database;

    public Database Database { get; }

    /// <summary>The items store's read models, whose searches on PostgreSQL are <see cref="PostgresSearch"/>'s.</summary>
    public ItemQueries Search => new(Database);

    public static DateTimeOffset Day => StoredItems.Day;

    public static async Task<PostgresStoredItems> CreateAsync(PostgresCluster cluster, string purpose)
    {
        var database = new Database(await cluster.CreateDatabaseAsync(purpose));
        await database.MigrateAsync();
        return new PostgresStoredItems(database);
    }

    public async Task<long> AddAsync(string title, string? summary = null, string? archived = null, DateTimeOffset? at = null,
        string kind = "article", string source = "edri", string[]? jurisdictions = null, string[]? dossiers = null, string[]? topics = null)
    {
        await using var connection = await Database.OpenAsync();
        if (_sources.Add(source))
            await connection.ExecuteAsync(
                "INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES (@Source, @Source, 'file:///x', 'feed', 'eu', 60) ON CONFLICT DO NOTHING",
                new { Source = source });
        var tokens = SearchTokens.ForTags(new Classification(dossiers ?? [], topics ?? [], jurisdictions ?? [], []));
        return await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO items (source_id, guid, kind, title, summary_text, archived_text, tag_tokens,
                               published_at, first_seen_at, last_changed_at, content_hash)
            VALUES (@Source, @Guid, @Kind, @Title, @Summary, @Archived, @Tokens, @At::timestamptz, @At::timestamptz, @At::timestamptz, 'h')
            RETURNING id
            """,
            new
            {
                Source = source, Guid = Guid.NewGuid().ToString(), Kind = kind, Title = title, Summary = summary, Archived = archived,
                Tokens = tokens, At = UtcTimestamp.ToText(at ?? Day),
            });
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<IReadOnlyList<long>> SearchIdsAsync(string q, ItemFilter? filter = null, ItemQueries? search = null) =>
        (await (search ?? Search).PageAsync((filter ?? new ItemFilter()) with { Q = q }, null, 100)).Items.Select(h => h.Id).ToList();

    public async Task<TimelineItem> OnlyHitAsync(string q, ItemFilter? filter = null) =>
        Assert.Single((await Search.PageAsync((filter ?? new ItemFilter()) with { Q = q }, null, 10)).Items);

    /// <summary>Follows the next cursors to the end, one page after another.</summary>
    public async Task<List<List<long>>> AllPagesAsync(ItemFilter filter, int pageSize, ItemQueries? search = null)
    {
        search ??= Search;
        var pages = new List<List<long>>();
        string? cursor = null;
        do
        {
            var page = await search.PageAsync(filter, cursor, pageSize);
            pages.Add(page.Items.Select(h => h.Id).ToList());
            cursor = page.Next;
        } while (cursor is not null && pages.Count < 1000);
        return pages;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
