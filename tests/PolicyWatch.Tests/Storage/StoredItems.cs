using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Classifying;
using PolicyWatch.Storage;

using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

/// <summary>A real database in a temporary folder with items written straight into it, for query tests.</summary>
public sealed class StoredItems : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policywatch-search-").FullName;

    public StoredItems(bool migrate = true)
    {
        Database = TestDatabases.Open(Path.Combine(_folder, "policywatch.db"));
        if (migrate) Database.MigrateAsync().GetAwaiter().GetResult();
    }

    public Database Database { get; }

    public ItemQueries Queries => new(Database);

    public static readonly DateTimeOffset Day = new(2024, 5, 28, 9, 0, 0, TimeSpan.Zero);

    public async Task<long> AddAsync(string title, string? summary = null, string? archived = null, DateTimeOffset? at = null,
        string kind = "article", string source = "edri", string[]? jurisdictions = null, string[]? dossiers = null, string[]? topics = null)
    {
        await using var connection = await Database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES (@Source, @Source, 'file:///x', 'feed', 'eu', 60) ON CONFLICT DO NOTHING",
            new { Source = source });
        var publishedAt = at ?? Day;
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO items (source_id, guid, kind, title, summary_text, archived_text, published_at, first_seen_at, last_changed_at, content_hash)
            VALUES (@Source, @Guid, @Kind, @Title, @Summary, @Archived, @At, @At, @At, 'h') RETURNING id
            """,
            new { Source = source, Guid = Guid.NewGuid().ToString(), Kind = kind, Title = title, Summary = summary, Archived = archived, At = publishedAt });
        // Tags go through the store, which also keeps the item's filter tokens in the search index.
        await using var transaction = await connection.BeginTransactionAsync();
        await ItemStore.WriteTagsAsync(transaction, id, at ?? Day, new Classification(dossiers ?? [], topics ?? [], jurisdictions ?? [], []));
        await transaction.CommitAsync();
        return id;
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<IReadOnlyList<long>> SearchIdsAsync(string q, ItemFilter? filter = null) =>
        (await Queries.PageAsync((filter ?? new ItemFilter()) with { Q = q }, null, 100)).Items.Select(i => i.Id).ToList();

    /// <summary>Follows the next cursors to the end, one page after another.</summary>
    public async Task<List<List<long>>> AllPagesAsync(ItemFilter filter, int pageSize, ItemQueries? queries = null)
    {
        queries ??= Queries;
        var pages = new List<List<long>>();
        string? cursor = null;
        do
        {
            var page = await queries.PageAsync(filter, cursor, pageSize);
            pages.Add(page.Items.Select(i => i.Id).ToList());
            cursor = page.Next;
        } while (cursor is not null && pages.Count < 1000);
        return pages;
    }

    /// <summary>How the engine means to run <paramref name="sql"/>: SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN, a line a step.</summary>
    public async Task<string> QueryPlanAsync(string sql, object parameters)
    {
        await using var connection = await Database.OpenAsync();
        if (TestDatabases.OnPostgres) return string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + sql, parameters));
        var rows = await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters);
        return string.Join("\n", rows.Select(r => r.Detail));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
