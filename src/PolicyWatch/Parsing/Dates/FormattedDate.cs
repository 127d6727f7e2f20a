using System.Globalization;

namespace PolicyWatch.Parsing.Dates;

/// <summary>Dates written in a format the configuration names, read with the invariant culture.</summary>
internal static class FormattedDate
{
    private const DateTimeStyles Styles =
        DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    /// <summary>The first format that fits, as UTC (a date-only format gives midnight UTC); null when none does.</summary>
    public static DateTimeOffset? Parse(string? raw, IReadOnlyList<string> formats)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        foreach (var format in formats)
            if (DateTimeOffset.TryParseExact(raw, format, CultureInfo.InvariantCulture, Styles, out var date))
                return date.ToUniversalTime();
        return null;
    }
}
