namespace PolicyWatch.Parsing.Rss;

/// <summary>A person as RSS writes one (author, dc:creator): a name, an address, or both.</summary>
internal static partial class PersonName
{
    /// <summary>"jo@example.com (Jo Smith)", "Jo Smith (jo@example.com)" and "Jo Smith &lt;jo@example.com&gt;" give "Jo Smith"; a bare address is kept.</summary>
    public static string? Of(string? value)
    {
        if (value is null || !value.Contains('@')) return value;
        var email = EmailAddress().Match(value);
        if (!email.Success) return value;
        var rest = value.Remove(email.Index, email.Length).Replace("()", "", StringComparison.Ordinal).Replace("<>", "", StringComparison.Ordinal)
            .Replace("mailto:", "", StringComparison.OrdinalIgnoreCase).Trim().Trim('(', ')', '"').Trim();
        return rest.Length == 0 ? value : rest;
    }

    // The lookbehind lets the local part start only where a run of its characters starts. Without it every
    // position inside a long run of letters was tried, each scanning to the run's end: quadratic in the
    // length of the author (seconds for 100,000 characters, minutes for a megabyte). The match is the same
    // either way: a local part starting inside a run also matches from the run's start, which is tried first.
    [System.Text.RegularExpressions.GeneratedRegex(@"<?(mailto:)?(?<![\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)+>?")]
    private static partial System.Text.RegularExpressions.Regex EmailAddress();
}
