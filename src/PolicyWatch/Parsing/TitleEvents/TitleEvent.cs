using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using PolicyWatch.Parsing.Dates;

namespace PolicyWatch.Parsing.TitleEvents;

/// <summary>
/// A legislative event read from an item title where the feed puts the event there, e.g. the
/// UK Parliament per-bill RSS: "Sitting: 1st reading - Wednesday, 10 October 2007" (the sitting
/// date is in the title; pubDate is only when the entry was published).
/// </summary>
/// <param name="Category">Text before the first colon: "Sitting", "Publication".</param>
/// <param name="Stage">"2nd reading", "Royal Assent"…; null when the title names no stage.</param>
/// <param name="Date">The event date, midnight UTC; null when the title carries none (publications).</param>
public sealed record TitleEvent(string Category, string? Stage, DateTimeOffset? Date)
{
    /// <summary>
    /// The UK Parliament bill-feed shape. Named groups: <c>category</c>, <c>stage</c>, <c>date</c>.
    /// The weekday is matched but left out of <c>date</c>: a title with a wrong weekday still has the right date.
    /// </summary>
    public const string DefaultPattern =
        @"^\s*(?<category>[^:]+?)\s*:\s*(?:(?<stage>.+?)\s+[-–]\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?<date>\d{1,2}\s+\p{L}+\s+\d{4})|.*?)\s*$";

    /// <summary>Formats for the <c>date</c> group, tried in order with the invariant culture.</summary>
    public static readonly IReadOnlyList<string> DefaultDateFormats = ["d MMMM yyyy", "d MMM yyyy", "dddd, d MMMM yyyy"];

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    // Titles come from feeds, so they can be hostile: on a title with a long run of spaces the default pattern
    // backtracked quadratically and timed out. The non-backtracking engine reads it in linear time and finds the
    // same matches and groups (compared on a million generated titles when this was introduced). Linear time is
    // its bound, so it has no timeout: a long title is read, whatever the machine's speed.
    private static readonly Regex Default = new(DefaultPattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>The event the title describes (null when the pattern does not match it), or why the title was skipped.</summary>
    /// <param name="pattern">A regex with named groups <c>date</c> and optionally <c>category</c> and <c>stage</c>; null for <see cref="DefaultPattern"/>.</param>
    /// <param name="dateFormats">Formats for the <c>date</c> group; null or empty for <see cref="DefaultDateFormats"/>.</param>
    /// <exception cref="ArgumentException">The pattern is not a valid regex (see <see cref="ValidatePattern"/>).</exception>
    public static TitleEventMatch Parse(string title, string? pattern = null, IReadOnlyList<string>? dateFormats = null)
    {
        Match match;
        try
        {
            match = (pattern is null or DefaultPattern ? Default : Compile(pattern)).Match(title);
        }
        catch (RegexMatchTimeoutException)
        {
            // A configured pattern that backtracks catastrophically on this title costs the title its event
            // date, not the source its crawl.
            return new TitleEventMatch(null, "skipped: the eventDate pattern timed out on this title");
        }
        if (!match.Success) return new TitleEventMatch(null, null);
        var category = Group(match, "category") ?? "";
        var stage = Group(match, "stage");
        var formats = dateFormats is { Count: > 0 } ? dateFormats : DefaultDateFormats;
        return new TitleEventMatch(new TitleEvent(category, stage, FormattedDate.Parse(Group(match, "date"), formats)), null);
    }

    /// <summary>Why a configured pattern cannot be used (for config validation); null when it can.</summary>
    public static string? ValidatePattern(string pattern)
    {
        try
        {
            var regex = Compile(pattern);
            return regex.GroupNumberFromName("date") < 0 ? "has no named group (?<date>…) for the event date" : null;
        }
        catch (ArgumentException e)
        {
            return $"is not a valid regular expression: {e.Message}";
        }
    }

    private static Regex Compile(string pattern) =>
        Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, MatchTimeout));

    private static string? Group(Match match, string name) =>
        match.Groups[name] is { Success: true } group && group.Value.Trim() is { Length: > 0 } value ? value : null;
}
