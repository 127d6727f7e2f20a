using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PolicyWatch.Web.Pages.Shared;

/// <summary>
/// Marks a search's words in a title: the text is HTML-encoded and each match wrapped in &lt;mark&gt;.
/// Search snippets come highlighted from the store; titles are highlighted here, the same way.
/// </summary>
public static partial class Highlight
{
    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal) { "AND", "OR", "NOT", "NEAR" };

    public static string Html(string text, string? query)
    {
        var terms = Terms(query);
        if (terms.Count == 0) return WebUtility.HtmlEncode(text);
        var pattern = new Regex(string.Join("|", terms.Select(t => @"\b" + Regex.Escape(t))),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
        var html = new StringBuilder();
        var at = 0;
        foreach (Match match in pattern.Matches(text))
        {
            html.Append(WebUtility.HtmlEncode(text[at..match.Index]));
            html.Append("<mark>").Append(WebUtility.HtmlEncode(match.Value)).Append("</mark>");
            at = match.Index + match.Length;
        }
        return html.Append(WebUtility.HtmlEncode(text[at..])).ToString();
    }

    /// <summary>The words and phrases of a query, without operators, quotes, column names or prefix stars.</summary>
    public static IReadOnlyList<string> Terms(string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return [];
        var terms = new List<string>();
        foreach (Match match in TermPattern().Matches(query))
        {
            var term = (match.Groups["phrase"].Success ? match.Groups["phrase"].Value : match.Groups["word"].Value).Trim('*', ' ', '(', ')', '-', '+', ':');
            if (term.Length >= 2 && !Operators.Contains(term)) terms.Add(term);
        }
        return terms.OrderByDescending(t => t.Length).ToList();
    }

    [GeneratedRegex("\"(?<phrase>[^\"]+)\"|(?<word>[^\\s\"]+)")]
    private static partial Regex TermPattern();
}
