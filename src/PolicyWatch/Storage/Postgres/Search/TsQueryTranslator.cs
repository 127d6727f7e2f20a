using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Storage.Postgres.Search;

/// <summary>
/// A search in PostgreSQL's terms: texts for <c>to_tsquery('policywatch', …)</c>, sent as parameters, never
/// written into SQL.
/// </summary>
/// <param name="Text">The search as typed, words with their operators: what an item must match.</param>
/// <param name="Wanted">
/// Every word and phrase looked for (none of those left out) ORed together: what ranking weighs and snippets mark.
/// ts_rank scores an AND only by how close its words stand, and a word left out counts as one of them, so
/// "encryption -apple" ranked by <see cref="Text"/> would score every match the same.
/// </param>
/// <param name="Locators">A few of the words looked for, as typed: where a snippet looks first in a long text.</param>
public sealed record TsQuery(string Text, string Wanted, string Locators);

/// <summary>
/// Writes a search, read by the site's own parser (<see cref="SearchExpression.Parse"/>, with its friendly errors
/// and limits), as tsquery text:
/// <list type="bullet">
/// <item>each word or phrase is one quoted operand, <c>'chat control'</c>; to_tsquery puts it through the
/// <c>policywatch</c> configuration as the indexed text was (lower case, accents folded, English stems) and joins
/// the words it yields with <c>&lt;-&gt;</c>, so a phrase matches its words in a row;</item>
/// <item>a prefix, <c>encrypt*</c>, is <c>'encrypt':*</c>: stemmed like any word, as SQLite's porter tokenizer
/// stems a prefix (<c>universit*</c> finds nothing on either: "university" is indexed as <c>univers</c>). In a
/// phrase only the last word is a prefix (<c>"client side"*</c> is <c>'client' &lt;-&gt; 'side':*</c>), as in
/// FTS5; a hyphenated last word makes all its parts prefixes;</item>
/// <item>AND, OR and NOT (and <c>-word</c>) are <c>&amp;</c>, <c>|</c> and <c>&amp; !</c>, every group bracketed as
/// the parser grouped it;</item>
/// <item>a word that could read as a filter token (<see cref="SearchTokens"/>: a letter first, 0 last, or a prefix
/// starting with a filter's letter) is kept to the text's weights, <c>'jeu0':ABC</c>, as SQLite keeps such words to
/// its text columns. Only then: a weight makes the index recheck every match against its row, so plain words go
/// without;</item>
/// <item>words the configuration yields nothing for (an HTML tag such as <c>&lt;b&gt;</c>, a word of more than
/// 2,047 bytes) are dropped by to_tsquery, as it drops stop words.</item>
/// </list>
/// On top of the parser's limits (<see cref="SearchExpression.MaxTerms"/> words and phrases, brackets
/// <see cref="SearchExpression.MaxBracketDepth"/> deep), a word or phrase holds at most <see cref="MaxPhraseWords"/>
/// words and <see cref="MaxTermLength"/> characters: PostgreSQL evaluates a phrase by recursion, one level a word,
/// and refuses one of some thousands of words with a stack error; FTS5 has no such limit.
/// </summary>
public static partial class TsQueryTranslator
{
    /// <summary>Words in one phrase (letters and digits between separators, so <c>a-b-c</c> is three).</summary>
    public const int MaxPhraseWords = 64;

    /// <summary>Characters in one word or phrase.</summary>
    public const int MaxTermLength = 2_000;

    /// <summary>Weights of the indexed text: title A, summary B, archived text C (filter tokens are D).</summary>
    private const string TextWeights = "ABC";

    /// <summary>Words handed to snippets to find a passage in a long text.</summary>
    private const int MaxLocators = 3;

    /// <exception cref="InvalidSearchException">The text cannot be read as a search; the message says why.</exception>
    public static TsQuery Translate(string search) => Translate(SearchExpression.Parse(search));

    /// <exception cref="InvalidSearchException">A word or phrase is longer than PostgreSQL's search can take.</exception>
    public static TsQuery Translate(SearchNode search)
    {
        var terms = new List<SearchTerm>();
        Terms(search, terms, wantedOnly: false);
        foreach (var term in terms) CheckLimits(term);
        var wanted = new List<SearchTerm>();
        Terms(search, wanted, wantedOnly: true);
        var locators = wanted.Take(MaxLocators).Select(t => WellFormed(Chunks(t.Text).FirstOrDefault(HasWordCharacters) ?? ""));
        return new TsQuery(
            Write(search),
            string.Join(" | ", wanted.Select(t => Operand(t, weighted: false))),
            string.Join(' ', locators));
    }

    private static void CheckLimits(SearchTerm term)
    {
        if (term.Text.Length > MaxTermLength)
            throw new InvalidSearchException($"a word or phrase can be at most {MaxTermLength.ToString("N0", CultureInfo.InvariantCulture)} characters long");
        if (WordCount(term.Text) > MaxPhraseWords)
            throw new InvalidSearchException($"a phrase can hold at most {MaxPhraseWords} words");
    }

    private static string Write(SearchNode node) => node switch
    {
        SearchTerm term => Operand(term, weighted: CouldReachAToken(term)),
        SearchAll all => "(" + string.Join(" & ", all.Parts.Select(Write)) + ")",
        SearchAny any => "(" + string.Join(" | ", any.Parts.Select(Write)) + ")",
        SearchExcept except => $"({Write(except.Wanted)} & !{Write(except.LeftOut)})",
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>Every term, or with <paramref name="wantedOnly"/> those an item is looked for by: all but those under a NOT.</summary>
    private static void Terms(SearchNode node, List<SearchTerm> terms, bool wantedOnly)
    {
        switch (node)
        {
            case SearchTerm term:
                terms.Add(term);
                break;
            case SearchAll all:
                foreach (var part in all.Parts) Terms(part, terms, wantedOnly);
                break;
            case SearchAny any:
                foreach (var part in any.Parts) Terms(part, terms, wantedOnly);
                break;
            case SearchExcept except:
                Terms(except.Wanted, terms, wantedOnly);
                if (!wantedOnly) Terms(except.LeftOut, terms, wantedOnly);
                break;
        }
    }

    /// <summary>One word or phrase as tsquery operands: quoted, and for a prefix, its last word apart with <c>:*</c>.</summary>
    private static string Operand(SearchTerm term, bool weighted)
    {
        var weight = weighted ? ":" + TextWeights : "";
        if (!term.Prefix) return Quote(term.Text) + weight;
        var chunks = Chunks(term.Text);
        var last = Array.FindLastIndex(chunks, HasWordCharacters);
        var head = string.Join(' ', chunks[..last]);
        var prefix = $"{Quote(chunks[last])}:*{(weighted ? TextWeights : "")}";
        return HasWordCharacters(head) ? $"({Quote(head)}{weight} <-> {prefix})" : prefix;
    }

    /// <summary>Quoted for tsquery: a quote doubled, a backslash escaped.</summary>
    private static string Quote(string text) =>
        "'" + WellFormed(text).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A lone surrogate (half a character) becomes U+FFFD, so the text is valid UTF-8 for the server.</summary>
    private static string WellFormed(string text)
    {
        if (!text.Any(char.IsSurrogate)) return text;
        var fixedUp = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) fixedUp.Append(text[i]).Append(text[++i]);
            else fixedUp.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
        }
        return fixedUp.ToString();
    }

    /// <summary>
    /// Whether the term could match a filter token (see <see cref="SearchPlan.TextOnly"/>, the same rule): a word
    /// shaped like one, or a prefix whose words start with a filter's letter (every word of a prefix's last chunk is
    /// a prefix here).
    /// </summary>
    private static bool CouldReachAToken(SearchTerm term)
    {
        if (Words(term.Text).Any(IsTokenShaped)) return true;
        if (!term.Prefix) return false;
        return Words(Chunks(term.Text).LastOrDefault(HasWordCharacters) ?? "").Any(MayStartAToken);
    }

    /// <summary>A letter somewhere before a final 0: the run holds a word that to_tsquery could read as a token.</summary>
    private static bool IsTokenShaped(string word) => word[^1] == '0' && word[..^1].Any(char.IsLetter);

    private static bool MayStartAToken(string word)
    {
        // unaccent folds "Ǩ" to "k", and the stemmer works on what unaccent gives.
        var first = word.Normalize(NormalizationForm.FormD)[0];
        return !char.IsAsciiLetter(first) || SearchTokens.Letters.Contains(char.ToLowerInvariant(first));
    }

    private static string[] Chunks(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static bool HasWordCharacters(string text) => text.Any(char.IsLetterOrDigit);

    /// <summary>Runs of letters and digits, counted without allocating: linear whatever the text.</summary>
    private static int WordCount(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var wordCharacter = char.IsLetterOrDigit(c);
            if (wordCharacter && !inWord) count++;
            inWord = wordCharacter;
        }
        return count;
    }

    /// <summary>Runs of letters and digits.</summary>
    private static IEnumerable<string> Words(string text) => WordRuns().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{Nd}]+")]
    private static partial Regex WordRuns();
}
