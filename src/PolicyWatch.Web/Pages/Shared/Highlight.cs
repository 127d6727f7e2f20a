using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PolicyWatch.Web.Pages.Shared;

/// <summary>
/// Marks a search's words in a title: the text is HTML-encoded and each match wrapped in &lt;mark&gt;.
/// Search snippets come highlighted from the store; titles are highlighted here, the same way: a word
/// matches where a word starts, in any case, and a longer word wins over a shorter one at the same place.
/// </summary>
/// <remarks>
/// A title and a query are both hostile, so the work is one scan with a bounded number of terms over a
/// bounded start of the text (no regular expression: one over fifty words and megabytes of text once
/// ran past its timeout and threw). It never throws and never marks inside the rest.
/// </remarks>
public static partial class Highlight
{
    /// <summary>Characters of a text searched for the words; the rest is only encoded. Titles are stored shorter than this.</summary>
    public const int MaxScannedLength = 2_000;

    /// <summary>Words and phrases looked for; a search holds at most 50 (<see cref="Storage.Search.SearchExpression.MaxTerms"/>).</summary>
    public const int MaxTerms = 50;

    /// <summary>A longer term is not looked for: no title word is this long.</summary>
    public const int MaxTermLength = 100;

    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal) { "AND", "OR", "NOT", "NEAR" };

    public static string Html(string text, string? query)
    {
        var terms = Terms(query);
        if (terms.Count == 0) return WebUtility.HtmlEncode(text);
        var html = new StringBuilder(text.Length + 32);
        var scanned = Math.Min(text.Length, MaxScannedLength);
        var at = 0;
        for (var i = 0; i < scanned;)
        {
            var length = MatchAt(text, i, terms);
            if (length == 0)
            {
                i++;
                continue;
            }
            html.Append(WebUtility.HtmlEncode(text[at..i]));
            html.Append("<mark>").Append(WebUtility.HtmlEncode(text.Substring(i, length))).Append("</mark>");
            i += length;
            at = i;
        }
        return html.Append(WebUtility.HtmlEncode(text[at..])).ToString();
    }

    /// <summary>The words and phrases of a query, longest first, without operators, quotes, column names or prefix stars.</summary>
    public static IReadOnlyList<string> Terms(string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return [];
        var terms = new List<string>();
        foreach (Match match in TermPattern().Matches(query))
        {
            var term = (match.Groups["phrase"].Success ? match.Groups["phrase"].Value : match.Groups["word"].Value).Trim('*', ' ', '(', ')', '-', '+', ':');
            if (term.Length is >= 2 and <= MaxTermLength && !Operators.Contains(term)) terms.Add(term);
            if (terms.Count == MaxTerms) break;
        }
        return terms.OrderByDescending(t => t.Length).ToList();
    }

    /// <summary>The length of the first (longest) term found at <paramref name="at"/> where a word boundary is, or 0.</summary>
    private static int MatchAt(string text, int at, IReadOnlyList<string> terms)
    {
        var before = at > 0 && IsWordCharacter(text[at - 1]);
        foreach (var term in terms)
        {
            // As the regex \b before a term: the term's first character and the one before it differ in kind.
            if (term.Length > text.Length - at || before == IsWordCharacter(term[0])) continue;
            if (text.AsSpan(at, term.Length).Equals(term, StringComparison.OrdinalIgnoreCase)) return term.Length;
        }
        return 0;
    }

    /// <summary>What \w matches: letters, digits, connector punctuation and non-spacing marks.</summary>
    private static bool IsWordCharacter(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.ConnectorPunctuation;

    [GeneratedRegex("\"(?<phrase>[^\"]+)\"|(?<word>[^\\s\"]+)")]
    private static partial Regex TermPattern();
}
