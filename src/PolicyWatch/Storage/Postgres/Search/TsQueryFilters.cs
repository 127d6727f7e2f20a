using Dapper;
using PolicyWatch.Catalog;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Storage.Postgres.Search;

/// <summary>
/// A view's filters inside the search, as <see cref="SearchPlan.WithFilters"/> puts them inside SQLite's FTS5
/// expression: each filter's token (<see cref="SearchTokens"/>) is ANDed with the words in the tsquery, so the GIN
/// index intersects their posting lists and hands over only the items within the filters.
/// </summary>
/// <remarks>
/// <para>The schema indexes the tokens with the weight D (<see cref="PostgresSchema"/>), so that a title that
/// happens to contain "jeu0" is not taken for an item in the EU. GIN keeps no weights, though: a query term with a
/// weight (<c>'jeu0':D</c>) makes the index hand every candidate back for a recheck against its row's vector, which
/// lives in TOAST. At a million items that recheck cost 80 ms for "encryption" within one source (5,600
/// candidates), nearly all of the search. So the tokens go into the tsquery without a weight (the index narrows
/// exactly as much), and each candidate is checked against the columns the tokens are made from, in the row itself:
/// <c>tag_tokens</c>, <c>source_id</c>, <c>kind</c> (<see cref="Checks"/>). A look-alike word passes the index and
/// fails the check.</para>
/// <para>"Articles" is the one filter that is not a token: it is "no official kind", a NOT, which narrows nothing in
/// GIN and would need the weight; it is a check on <c>kind</c> alone.</para>
/// <para>SQLite checks a broad jurisdiction (over <see cref="SearchPlan.BroadShare"/> of the items) per match
/// instead, because FTS5 walks a whole posting list alongside the words. GIN intersects the rarer entries first and
/// skips through the common ones, so here every filter is a token.</para>
/// </remarks>
internal static class TsQueryFilters
{
    /// <summary>The words of <paramref name="text"/> (tsquery text) within the filter's tokens.</summary>
    public static string Within(string text, ItemFilter filter)
    {
        var tokens = Tokens(filter).Select(t => $"'{t}'").ToList();
        return tokens.Count == 0 ? text : $"({text}) & {string.Join(" & ", tokens)}";
    }

    /// <summary>The checks on an item <c>i</c> that make the tokens exact, with the parameters of <see cref="AddParameters"/>.</summary>
    public static IEnumerable<string> Checks(ItemFilter filter)
    {
        if (filter.Jurisdiction is not null || filter.Dossier is not null || filter.Topic is not null)
            yield return "string_to_array(i.tag_tokens, ' ') @> @TagTokens::text[]";
        if (filter.Source is not null) yield return "i.source_id = @Source";
        if (filter.Kind is not null) yield return "i.kind = @Kind";
    }

    public static void AddParameters(DynamicParameters parameters, ItemFilter filter)
    {
        parameters.Add("TagTokens", TagTokens(filter).ToArray());
        parameters.Add("Source", filter.Source);
        parameters.Add("Kind", filter.Kind is { } kind ? ItemFilterSql.KindText(kind) : null);
    }

    /// <summary>
    /// A token is ASCII letters and digits ending in 0: the configuration's <c>numword</c>, which it maps to
    /// <c>simple</c>, so to_tsquery leaves it as it is (no stemming).
    /// </summary>
    private static IEnumerable<string> Tokens(ItemFilter filter)
    {
        foreach (var token in TagTokens(filter)) yield return token;
        if (filter.Source is not null) yield return SearchTokens.Token(SearchTokens.Source, filter.Source);
        if (filter.Kind is { } kind and not ItemKind.Article) yield return SearchTokens.Token(SearchTokens.Kind, kind.ToString());
    }

    /// <summary>The filter's tags as <c>items.tag_tokens</c> spells them (<see cref="SearchTokens.ForTags"/>).</summary>
    private static IEnumerable<string> TagTokens(ItemFilter filter)
    {
        if (filter.Jurisdiction is not null) yield return SearchTokens.Token(SearchTokens.Jurisdiction, filter.Jurisdiction);
        if (filter.Dossier is not null) yield return SearchTokens.Token(SearchTokens.Dossier, filter.Dossier);
        if (filter.Topic is not null) yield return SearchTokens.Token(SearchTokens.Topic, filter.Topic);
    }
}
