using PolicyWatch.Catalog;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Storage.Postgres.Search;

/// <summary>
/// A view's filters inside the search's tsquery, as <see cref="SearchPlan.WithFilters"/> puts them inside SQLite's
/// FTS5 expression: each filter is its token (<see cref="SearchTokens"/>) kept to the D weight, where the schema
/// indexes the tokens (<see cref="PostgresSchema"/>), ANDed with the words, so the GIN index intersects them. A
/// title that happens to contain "jeu0" is not in the EU: its word has the weight A.
/// </summary>
/// <remarks>
/// SQLite checks a broad jurisdiction (over <see cref="SearchPlan.BroadShare"/> of the items) per match instead,
/// because FTS5 walks a whole posting list alongside the words. GIN intersects the rarer entries first and skips
/// through the common ones, so here every filter is a token.
/// </remarks>
internal static class TsQueryFilters
{
    public static string Within(string text, ItemFilter filter)
    {
        var tokens = new List<string>();
        if (filter.Jurisdiction is not null) tokens.Add(Token(SearchTokens.Jurisdiction, filter.Jurisdiction));
        if (filter.Dossier is not null) tokens.Add(Token(SearchTokens.Dossier, filter.Dossier));
        if (filter.Topic is not null) tokens.Add(Token(SearchTokens.Topic, filter.Topic));
        if (filter.Source is not null) tokens.Add(Token(SearchTokens.Source, filter.Source));
        if (filter.Kind is { } kind and not ItemKind.Article) tokens.Add(Token(SearchTokens.Kind, kind.ToString()));
        var match = tokens.Count == 0 ? text : $"({text}) & {string.Join(" & ", tokens)}";
        // Articles are most items: "not an official kind" leaves two short lists to skip, where "an article" would
        // be one long list to intersect.
        if (filter.Kind is ItemKind.Article)
        {
            var official = Enum.GetValues<ItemKind>().Where(k => k != ItemKind.Article).Select(k => Token(SearchTokens.Kind, k.ToString()));
            match = $"({match}) & !({string.Join(" | ", official)})";
        }
        return match;
    }

    /// <summary>
    /// A token is ASCII letters and digits ending in 0: the configuration's <c>numword</c>, which it maps to
    /// <c>simple</c>, so to_tsquery leaves it as it is (no stemming). Quoted all the same.
    /// </summary>
    private static string Token(char filter, string id) => $"'{SearchTokens.Token(filter, id)}':D";
}
