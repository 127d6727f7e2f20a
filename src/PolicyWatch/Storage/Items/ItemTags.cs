using System.Data.Common;
using Dapper;

namespace PolicyWatch.Storage;

/// <summary>The tags of a page of items, one query per tag table, for the read models that list items.</summary>
internal static class ItemTags
{
    private sealed record TagRow(long ItemId, string Tag);

    /// <summary>A tag table and its tag column.</summary>
    public sealed record Table(string Name, string Column);

    public static readonly Table Jurisdictions = new("item_jurisdictions", "jurisdiction");
    public static readonly Table Dossiers = new("item_dossiers", "dossier_id");
    public static readonly Table Topics = new("item_topics", "topic_id");

    internal static async Task<ILookup<long, string>> LoadAsync(DbConnection connection, long[] ids, Table tags, CancellationToken cancellationToken)
    {
        var (table, column) = (tags.Name, tags.Column);
        return (await connection.QueryAsync<TagRow>(new CommandDefinition(
            $"SELECT item_id AS ItemId, {column} AS Tag FROM {table} WHERE {SqlDialect.Of(connection).In("item_id", "@Ids")} ORDER BY {column}",
            new { Ids = ids }, cancellationToken: cancellationToken))).ToLookup(r => r.ItemId, r => r.Tag);
    }
}
