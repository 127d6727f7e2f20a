using Dapper;
using PolicyWatch.Catalog;

namespace PolicyWatch.Storage;

/// <summary>
/// What every query of a view takes from its <see cref="ItemFilter"/>: the Dapper parameters
/// (@Jurisdiction, @Dossier, @Topic, @Source, @Kind, @From, @To) and the tag tables it narrows by.
/// The queries themselves stay next to the methods that run them.
/// </summary>
internal static class ItemFilterSql
{
    /// <summary>A tag table: the column holding the tag, and the filter's parameter it is compared with.</summary>
    internal sealed record TagTable(string Table, string Column, string Parameter)
    {
        /// <summary>
        /// The item <paramref name="id"/> carries the filter's tag: an index probe. With <paramref name="at"/>
        /// (the item's published_at) the probe is on the whole primary key.
        /// </summary>
        public string Exists(string id, string? at = null) =>
            $"EXISTS (SELECT 1 FROM {Table} x WHERE x.item_id = {id} AND x.{Column} = {Parameter}{(at is null ? "" : $" AND x.published_at = {at}")})";
    }

    public static readonly TagTable Jurisdictions = new("item_jurisdictions", "jurisdiction", "@Jurisdiction");
    public static readonly TagTable Dossiers = new("item_dossiers", "dossier_id", "@Dossier");
    public static readonly TagTable Topics = new("item_topics", "topic_id", "@Topic");

    /// <summary>The tag tables the filter narrows by, most selective first: a dossier is narrower than a topic, a topic narrower than a jurisdiction.</summary>
    public static IEnumerable<TagTable> TagsIn(ItemFilter filter)
    {
        if (filter.Dossier is not null) yield return Dossiers;
        if (filter.Topic is not null) yield return Topics;
        if (filter.Jurisdiction is not null) yield return Jurisdictions;
    }

    /// <summary>
    /// The filter's values as stored: dates as instants (<see cref="UtcTimestamp"/> writes them as each engine keeps
    /// them), the kind in lower case; unset ones are null.
    /// </summary>
    public static DynamicParameters Parameters(ItemFilter filter)
    {
        var parameters = new DynamicParameters();
        parameters.Add("Jurisdiction", filter.Jurisdiction);
        parameters.Add("Dossier", filter.Dossier);
        parameters.Add("Topic", filter.Topic);
        parameters.Add("Source", filter.Source);
        parameters.Add("Kind", filter.Kind is { } kind ? KindText(kind) : null);
        parameters.Add("From", filter.From);
        parameters.Add("To", filter.To);
        return parameters;
    }

    /// <summary>A kind as items.kind holds it.</summary>
    public static string KindText(ItemKind kind) => kind.ToString().ToLowerInvariant();
}
