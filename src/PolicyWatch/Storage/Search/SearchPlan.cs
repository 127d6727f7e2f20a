using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Catalog;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// How one search applies its filters. Narrow filters (a dossier, a topic, a source, official kinds, a
/// small jurisdiction) are tokens inside the FTS5 expression, so the index intersects them with the
/// words. A broad jurisdiction is checked per match instead: walking its token's posting list (half the
/// index) alongside the words costs more than checking the matches (measured at a million items with
/// pw_rank: "chat control" within the EU 31 ms p50 checked per match, 40 ms as a token; a common word
/// about equal either way).
/// </summary>
/// <param name="TextMatch">The words alone: for snippets and for checks along a timeline walk.</param>
/// <param name="Match">The words within the filters that are in the index.</param>
/// <param name="JurisdictionPerMatch">The jurisdiction filter is checked per match, not in <paramref name="Match"/>.</param>
internal sealed partial record SearchPlan(string TextMatch, string Match, bool JurisdictionPerMatch)
{
    /// <summary>A jurisdiction holding more than this share of all items is checked per match.</summary>
    public const double BroadShare = 0.3;

    private const string TextColumns = "{title summary_text archived_text}";

    internal static async Task<SearchPlan> ForAsync(DbConnection connection, ItemFilter filter, string translated, CancellationToken cancellationToken)
    {
        var text = TextOnly(translated);
        var perMatch = filter.Jurisdiction is not null && await ShareAsync(connection, filter.Jurisdiction, cancellationToken) > BroadShare;
        return new SearchPlan(text, WithFilters(filter, text, jurisdictionInIndex: !perMatch), perMatch);
    }

    /// <summary>
    /// The words, kept off the filter tokens. Restricting them to the text columns costs a little on every
    /// search (~20 % on a phrase, ~30 % on a prefix), so it is done only when a word could reach a token:
    /// one shaped like a token (a letter first, 0 last), or a prefix starting with a filter's letter.
    /// </summary>
    internal static string TextOnly(string translated) =>
        MayReachAToken(translated) ? $"{TextColumns} : ({translated})" : $"({translated})";

    /// <summary>
    /// One pass over the words (runs of letters and digits): a word shaped like a token (a letter, then anything,
    /// ending in 0), or a word right before <c>"*</c> (a prefix) that may start one. Linear: a regular expression
    /// searching for either from every position took time in the square of a word's length (a 32,000-character
    /// word, about what a URL holds, 5.5 s).
    /// </summary>
    private static bool MayReachAToken(string text)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && IsWordChar(text[i])) continue;
            if (IsTokenShaped(text.AsSpan(start, i - start))) return true;
            if (i + 1 < text.Length && text[i] == '"' && text[i + 1] == '*' && MayStartAToken(text[start..i])) return true;
            start = i + 1;
        }
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetter(c) || char.IsDigit(c);

    private static bool IsTokenShaped(ReadOnlySpan<char> word) =>
        word.Length >= 2 && word[^1] == '0' && HasLetter(word[..^1]);

    private static bool HasLetter(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
            if (char.IsLetter(c)) return true;
        return false;
    }

    internal static bool MayStartAToken(string word)
    {
        // The tokenizer folds case and drops diacritics, so "Ǩ" starts what "k" starts.
        if (word.Length == 0) return true;
        var first = word.Normalize(System.Text.NormalizationForm.FormD)[0];
        return !char.IsAsciiLetter(first) || SearchTokens.Letters.Contains(char.ToLowerInvariant(first));
    }

    internal static string WithFilters(ItemFilter filter, string text, bool jurisdictionInIndex)
    {
        var tokens = new List<string>();
        if (filter.Jurisdiction is not null && jurisdictionInIndex) tokens.Add(SearchTokens.Token(SearchTokens.Jurisdiction, filter.Jurisdiction));
        if (filter.Dossier is not null) tokens.Add(SearchTokens.Token(SearchTokens.Dossier, filter.Dossier));
        if (filter.Topic is not null) tokens.Add(SearchTokens.Token(SearchTokens.Topic, filter.Topic));
        if (filter.Source is not null) tokens.Add(SearchTokens.Token(SearchTokens.Source, filter.Source));
        if (filter.Kind is { } kind and not ItemKind.Article) tokens.Add(SearchTokens.Token(SearchTokens.Kind, kind.ToString()));
        var match = tokens.Count == 0 ? text : $"{text} AND filters : ({string.Join(" AND ", tokens)})";
        // Articles are most items: "not an official kind" is two short lists for the index to skip, where
        // "an article" would be one long list to count.
        if (filter.Kind is ItemKind.Article)
        {
            var official = Enum.GetValues<ItemKind>().Where(k => k != ItemKind.Article).Select(k => SearchTokens.Token(SearchTokens.Kind, k.ToString()));
            match = $"({match}) NOT filters : ({string.Join(" OR ", official)})";
        }
        return match;
    }

    private static Task<double> ShareAsync(DbConnection connection, string jurisdiction, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<double>(new CommandDefinition(
            """
            SELECT (SELECT coalesce(sum(items), 0) FROM activity_weeks WHERE scope = 'j:' || @Jurisdiction) * 1.0
                 / max(1, (SELECT coalesce(sum(items), 0) FROM activity_weeks WHERE scope = 'all'))
            """, new { Jurisdiction = jurisdiction }, cancellationToken: cancellationToken));
}
