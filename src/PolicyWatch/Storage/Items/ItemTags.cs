using System.Data.Common;
using Dapper;

namespace PolicyWatch.Storage;

/// <summary>
/// The tags of a page of items, for the read models that list items: every tag table asked for in one statement
/// (one round trip to PostgreSQL rather than one a table), each table read by its item index.
/// </summary>
internal static class ItemTags
{
    /// <remarks>Properties, not a constructor: Dapper matches a constructor by column types, and the table's number is an int on one engine, a long on the other.</remarks>
    private sealed record TagRow
    {
        public int Table { get; init; }
        public long ItemId { get; init; }
        public string Tag { get; init; } = "";
    }

    /// <summary>A tag table and its tag column.</summary>
    public sealed record Table(string Name, string Column);

    public static readonly Table Jurisdictions = new("item_jurisdictions", "jurisdiction");
    public static readonly Table Dossiers = new("item_dossiers", "dossier_id");
    public static readonly Table Topics = new("item_topics", "topic_id");

    /// <summary>The tags of <paramref name="ids"/> in each of <paramref name="tables"/>, in the order asked, each item's sorted.</summary>
    internal static async Task<IReadOnlyList<ILookup<long, string>>> LoadAsync(DbConnection connection, long[] ids, IReadOnlyList<Table> tables,
        CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<TagRow>(new CommandDefinition(
            Sql(SqlDialect.Of(connection).In("item_id", "@Ids"), tables), new { Ids = ids }, cancellationToken: cancellationToken));
        return ByTable(rows.AsList(), tables);
    }

    /// <summary>
    /// The tags of the items <paramref name="items"/> picks (a condition on <c>item_id</c>) in one statement, for a
    /// command of several (the item page's); <see cref="ReadAsync"/> reads its result.
    /// </summary>
    internal static string Sql(string items, IReadOnlyList<Table> tables) =>
        string.Join("\nUNION ALL ", tables.Select((t, n) => $"SELECT {n} AS \"Table\", item_id AS ItemId, {t.Column} AS Tag FROM {t.Name} WHERE {items}")) +
        "\nORDER BY 1, 3";

    /// <summary>The next result of <paramref name="results"/>, a statement of <see cref="Sql"/>, by table as <see cref="LoadAsync"/> gives them.</summary>
    internal static async Task<IReadOnlyList<ILookup<long, string>>> ReadAsync(SqlMapper.GridReader results, IReadOnlyList<Table> tables) =>
        ByTable((await results.ReadAsync<TagRow>()).AsList(), tables);

    private static IReadOnlyList<ILookup<long, string>> ByTable(List<TagRow> rows, IReadOnlyList<Table> tables) =>
        tables.Select((_, n) => rows.Where(r => r.Table == n).ToLookup(r => r.ItemId, r => r.Tag)).ToList();
}
