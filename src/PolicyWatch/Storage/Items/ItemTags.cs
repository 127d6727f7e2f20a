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
        var ofPage = SqlDialect.Of(connection).In("item_id", "@Ids");
        var selects = tables.Select((t, n) => $"SELECT {n} AS \"Table\", item_id AS ItemId, {t.Column} AS Tag FROM {t.Name} WHERE {ofPage}");
        var rows = (await connection.QueryAsync<TagRow>(new CommandDefinition(
            $"{string.Join("\nUNION ALL ", selects)}\nORDER BY 1, 3", new { Ids = ids }, cancellationToken: cancellationToken))).AsList();
        return tables.Select((_, n) => rows.Where(r => r.Table == n).ToLookup(r => r.ItemId, r => r.Tag)).ToList();
    }
}
