using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyWatch.Catalog;

/// <summary>The durations operators write in feeds.json: a whole number and a unit, such as 30m, 6h or 1d.</summary>
public static partial class Duration
{
    [GeneratedRegex(@"^(\d{1,6})(s|m|h|d)$")]
    private static partial Regex Shape();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var match = text is null ? null : Shape().Match(text);
        if (match is null || !match.Success) return false;
        var n = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        duration = match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
        return duration > TimeSpan.Zero;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalDays >= 1 && duration.TotalDays % 1 == 0 ? $"{duration.TotalDays:0}d"
        : duration.TotalHours >= 1 && duration.TotalHours % 1 == 0 ? $"{duration.TotalHours:0}h"
        : duration.TotalMinutes >= 1 && duration.TotalMinutes % 1 == 0 ? $"{duration.TotalMinutes:0}m"
        : $"{duration.TotalSeconds:0}s";
}
