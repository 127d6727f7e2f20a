using System.Text;

namespace PolicyWatch.Storage.Postgres.Search;

/// <summary>
/// The word pairs a search's phrases require, for the index of each item's adjacent words (<c>word_pairs()</c>,
/// PostgreSQL migration 10). GIN keeps no positions, so a phrase of common words otherwise reads every item holding
/// all its words to check their order (58,000 items for "chat control" in the EU at a million, 308 of them the
/// phrase); every item that holds the phrase holds each of its adjacent pairs, so the pairs narrow the candidates
/// without losing one, and the phrase is still checked on each.
/// </summary>
/// <remarks>
/// Read from the tsquery as PostgreSQL normalised it (<c>'chat' &lt;-&gt; 'control' &amp; 'jeu0'</c>). Only what every
/// match must hold gives pairs: the chains of a conjunction at the top level; a query with an OR at the top, or a chain
/// under a NOT or in brackets, gives none from there. Two words in a row (<c>&lt;-&gt;</c>) are a pair; a gap
/// (<c>&lt;2&gt;</c>, where a stop word was) is not. A prefix second word makes a prefix pair
/// (<c>'client side':*</c>); a prefix first word, none. A pair longer than <see cref="MaxPairBytes"/> is never indexed
/// (a lexeme is at most 2,047 bytes), so it is never asked for.
/// </remarks>
internal static class WordPairs
{
    /// <summary>The longest pair indexed, in UTF-8 bytes, the space between the words included: the same bound as <c>word_pairs()</c>.</summary>
    public const int MaxPairBytes = 2046;

    private sealed record Operand(string Lexeme, bool Prefix);

    /// <summary>The pairs as a tsquery (<c>'chat control' &amp; 'client side':*</c>), or null when the search requires none.</summary>
    public static string? Of(string tsquery)
    {
        var tokens = Tokens(tsquery);
        if (tokens is null || tokens.Any(t => t is "|")) return null;
        var pairs = new List<string>();
        foreach (var conjunct in Split(tokens, "&"))
            pairs.AddRange(PairsOfChain(conjunct));
        return pairs.Count == 0 ? null : string.Join(" & ", pairs.Distinct(StringComparer.Ordinal));
    }

    /// <summary>The pairs of a conjunct that is one chain of words; none for anything else (a NOT, brackets, a lone word).</summary>
    private static IEnumerable<string> PairsOfChain(IReadOnlyList<object> conjunct)
    {
        for (var i = 0; i + 2 < conjunct.Count; i += 2)
        {
            if (conjunct[i] is not Operand first || conjunct[i + 2] is not Operand second || conjunct[i + 1] is not string op) yield break;
            if (op != "<->" || first.Prefix) continue;
            var pair = first.Lexeme + " " + second.Lexeme;
            if (Encoding.UTF8.GetByteCount(pair) > MaxPairBytes) continue;
            yield return Quote(pair) + (second.Prefix ? ":*" : "");
        }
    }

    private static IEnumerable<IReadOnlyList<object>> Split(List<object> tokens, string separator)
    {
        var depth = 0;
        var part = new List<object>();
        foreach (var token in tokens)
        {
            if (token is "(") depth++;
            if (token is ")") depth--;
            if (depth == 0 && token is string s && s == separator)
            {
                yield return part;
                part = [];
            }
            else part.Add(token);
        }
        yield return part;
    }

    /// <summary>
    /// The tsquery's tokens: operands (a lexeme, unquoted, and whether it is a prefix) and operators as text
    /// (<c>&amp;</c>, <c>|</c>, <c>!</c>, <c>(</c>, <c>)</c>, <c>&lt;-&gt;</c>, <c>&lt;N&gt;</c>); bracket depth checked; null for
    /// anything it does not read, which then gives no pairs.
    /// </summary>
    private static List<object>? Tokens(string tsquery)
    {
        var tokens = new List<object>();
        var depth = 0;
        for (var i = 0; i < tsquery.Length;)
        {
            var c = tsquery[i];
            if (c == ' ') i++;
            else if (c == '\'') tokens.Add(ReadOperand(tsquery, ref i));
            else if (c is '&' or '|' or '!')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '(' or ')')
            {
                depth += c == '(' ? 1 : -1;
                if (depth < 0) return null;
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '<')
            {
                var end = tsquery.IndexOf('>', i);
                if (end < 0) return null;
                tokens.Add(tsquery[i..(end + 1)]);
                i = end + 1;
            }
            else return null;
        }
        return depth == 0 ? tokens : null;
    }

    /// <summary>A quoted lexeme (<c>''</c> for a quote and a backslash before any character, as PostgreSQL writes them) and its flags (<c>:*</c>, weights).</summary>
    private static Operand ReadOperand(string text, ref int i)
    {
        var lexeme = new StringBuilder();
        for (i++; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length) lexeme.Append(text[++i]);
            else if (text[i] == '\'' && i + 1 < text.Length && text[i + 1] == '\'') lexeme.Append(text[++i]);
            else if (text[i] == '\'') break;
            else lexeme.Append(text[i]);
        }
        i++;
        var prefix = false;
        if (i < text.Length && text[i] == ':')
            for (i++; i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '*'); i++)
                prefix |= text[i] == '*';
        return new Operand(lexeme.ToString(), prefix);
    }

    private static string Quote(string lexeme) => "'" + lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
