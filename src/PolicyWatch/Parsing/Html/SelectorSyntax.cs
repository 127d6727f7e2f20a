using System.Text.RegularExpressions;

namespace PolicyWatch.Parsing.Html;

/// <summary>
/// A best guess at why a selector did not parse: AngleSharp only says that it did not,
/// and an operator editing feeds.json needs a hint.
/// </summary>
internal static partial class SelectorSyntax
{
    private static readonly HashSet<string> PseudoClasses =
    [
        "root", "scope", "first-child", "last-child", "only-child", "first-of-type", "last-of-type", "only-of-type",
        "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type", "empty", "not", "has", "is", "where",
        "contains", "link", "any-link", "visited", "active", "hover", "focus", "focus-within", "focus-visible",
        "target", "enabled", "disabled", "checked", "indeterminate", "required", "optional", "read-only",
        "read-write", "default", "valid", "invalid", "in-range", "out-of-range", "placeholder-shown", "lang",
        "dir", "defined", "matches", "before", "after", "first-line", "first-letter", "selection", "marker",
        "host", "host-context", "shadow", "content", "playing", "paused", "first", "last", "nth-column",
    ];

    public static string Explain(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "it is empty";
        if (Count(text, '(') != Count(text, ')')) return "its parentheses ( ) do not pair up";
        if (Count(text, '[') != Count(text, ']')) return "its brackets [ ] do not pair up";
        foreach (Match match in PseudoClass().Matches(text))
            if (!PseudoClasses.Contains(match.Groups["name"].Value.ToLowerInvariant()))
                return $"\":{match.Groups["name"].Value}\" is not a pseudo-class AngleSharp knows (e.g. :nth-child(2), :first-child, :not(.x))";
        return "AngleSharp could not parse it (check combinators, quotes and pseudo-class arguments)";
    }

    private static int Count(string text, char c) => text.Count(x => x == c);

    [GeneratedRegex(@"(?<!:):(?<name>[A-Za-z][A-Za-z0-9-]*)")]
    private static partial Regex PseudoClass();
}
