using System.Text;
using Microsoft.Data.Sqlite;
using PolicyWatch.Classifying;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// An item's filters as words in its full-text entry (a column of their own, <c>filters</c>), so a
/// search narrowed by jurisdiction, dossier, topic, kind or source is one intersection of posting
/// lists inside FTS5 instead of a lookup per match. A token is the filter's letter and its id spelled
/// in letters and digits only, so the tokenizer keeps it whole: <c>-</c> becomes <c>xh</c> and
/// <c>x</c> becomes <c>xx</c> (no two ids meet), and a final <c>0</c> keeps the stemmer off it.
/// SQL builds the same tokens through <c>search_token(letter, id)</c>.
/// </summary>
public static class SearchTokens
{
    public const char Jurisdiction = 'j';
    public const char Dossier = 'd';
    public const char Topic = 't';
    public const char Kind = 'k';
    public const char Source = 's';

    /// <summary>The first letter of every token.</summary>
    public const string Letters = "jdtks";

    public static string Token(char filter, string id)
    {
        var token = new StringBuilder(id.Length + 3).Append(filter);
        foreach (var c in id.ToLowerInvariant())
            token.Append(c switch
            {
                'x' => "xx",
                _ when char.IsAsciiLetterOrDigit(c) => c.ToString(),
                _ => "xh",
            });
        return token.Append('0').ToString();
    }

    /// <summary>The tokens of an item's tags, as stored in <c>items.tag_tokens</c>; null when it has none.</summary>
    public static string? ForTags(Classification tags)
    {
        var tokens = tags.Jurisdictions.Distinct().Select(j => Token(Jurisdiction, j))
            .Concat(tags.Dossiers.Distinct().Select(d => Token(Dossier, d)))
            .Concat(tags.Topics.Distinct().Select(t => Token(Topic, t)))
            .ToList();
        return tokens.Count == 0 ? null : string.Join(' ', tokens);
    }

    internal static void Register(SqliteConnection connection) =>
        connection.CreateFunction<string, string, string>("search_token", (filter, id) => Token(filter[0], id), isDeterministic: true);
}
