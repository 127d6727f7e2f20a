using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyWatch.Parsing.Dates;

/// <summary>
/// Dates as feeds really write them: RFC 822/1123 and their variants (no seconds, no
/// weekday, wrong weekday, named zones, two-digit years, odd spacing and case), and
/// ISO 8601 / RFC 3339 / W3C-DTF including partial dates. Always invariant; an
/// unparseable date gives null, never "now".
/// </summary>
public static partial class FeedDateParser
{
    /// <summary>The raw string beside its UTC value; null when the raw string is blank.</summary>
    public static FeedDate? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var trimmed = raw.Trim();
        return new FeedDate(trimmed, ParseIso(trimmed) ?? ParseRfc822(trimmed));
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:-?(?<m>\d{2})(?:-?(?<d>\d{2}))?|-?(?<doy>\d{3}))?(?:[T\s](?<h>\d{2}):?(?<min>\d{2})(?::?(?<s>\d{2})(?<f>[.,]\d+)?)?\s*(?<z>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Iso();

    private static DateTimeOffset? ParseIso(string text)
    {
        var match = Iso().Match(text);
        if (!match.Success) return null;
        var year = Int(match, "y", 0);
        var month = Int(match, "m", 1);
        var day = Int(match, "d", 1);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 2000 : year, month) || year < 1) return null;
        var date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        if (match.Groups["doy"].Success)
        {
            var dayOfYear = Int(match, "doy", 1);
            if (dayOfYear is < 1 or > 366) return null;
            date = date.AddDays(dayOfYear - 1);
        }
        var (hour, minute, second) = (Int(match, "h", 0), Int(match, "min", 0), Int(match, "s", 0));
        if (hour > 24 || minute > 59 || second > 60) return null;
        var fraction = match.Groups["f"].Success
            ? double.Parse("0." + match.Groups["f"].Value[1..], CultureInfo.InvariantCulture) : 0;
        var offset = ZoneOffset(match.Groups["z"].Value) ?? TimeSpan.Zero;
        var local = date.AddHours(hour).AddMinutes(minute).AddSeconds(Math.Min(second, 59)).AddSeconds(fraction);
        return new DateTimeOffset(local, TimeSpan.Zero).Subtract(offset).ToUniversalTime();
    }

    private static int Int(Match match, string group, int fallback) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : fallback;

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    [GeneratedRegex(@"[\s,]+")]
    private static partial Regex Separators();

    /// <summary>RFC 822 read token by token, so that missing or extra parts do not matter.</summary>
    private static DateTimeOffset? ParseRfc822(string text)
    {
        var tokens = Separators().Split(text.Trim()).Where(t => t.Length > 0).ToList();
        int? day = null, month = null, year = null;
        TimeSpan? time = null, zone = null;
        foreach (var token in tokens)
        {
            var lower = token.ToLowerInvariant().TrimEnd('.');
            if (time is null && token.Contains(':') && TryTime(token, out var t, out var attachedZone))
            {
                time = t;
                zone ??= attachedZone;
            }
            else if (month is null && lower.Length >= 3 && Array.IndexOf(Months, lower[..3]) is var m and >= 0 && char.IsLetter(lower[0]))
                month = m + 1;
            else if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                if (day is null && token.Length <= 2 && number is >= 1 and <= 31) day = number;
                else if (year is null) year = token.Length <= 2 ? (number < 50 ? 2000 + number : 1900 + number) : number;
            }
            else if (TryDashedDate(lower, out var dd, out var mm, out var yy)) (day, month, year) = (dd, mm, yy);
            else if (zone is null && time is not null && ZoneOffset(token) is { } offset) zone = offset;
        }
        if (day is null || month is null || year is null || year < 1 || day > DateTime.DaysInMonth(year.Value, month.Value)) return null;
        var value = new DateTimeOffset(new DateTime(year.Value, month.Value, day.Value), TimeSpan.Zero) + (time ?? TimeSpan.Zero);
        return value.Subtract(zone ?? TimeSpan.Zero).ToUniversalTime();
    }

    // "01-Jan-2004", a variant some old feeds use.
    private static bool TryDashedDate(string token, out int day, out int month, out int year)
    {
        (day, month, year) = (0, 0, 0);
        var parts = token.Split('-');
        if (parts.Length != 3 || parts[1].Length < 3) return false;
        var m = Array.IndexOf(Months, parts[1][..3]);
        if (m < 0 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out day) || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out year)) return false;
        if (parts[2].Length <= 2) year += year < 50 ? 2000 : 1900;
        month = m + 1;
        return true;
    }

    private static bool TryTime(string token, out TimeSpan time, out TimeSpan? zone)
    {
        time = default;
        zone = null;
        var zoneStart = token.IndexOfAny(['+', '-', 'Z', 'z'], 1);
        var clock = zoneStart > 0 ? token[..zoneStart] : token;
        if (zoneStart > 0) zone = ZoneOffset(token[zoneStart..]);
        var parts = clock.Split(':');
        if (parts.Length is < 2 or > 3) return false;
        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i].Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return false;
        if (numbers[0] > 24 || numbers[1] > 59 || numbers[2] > 60) return false;
        time = new TimeSpan(numbers[0], numbers[1], Math.Min(numbers[2], 59));
        return true;
    }

    private static readonly Dictionary<string, int> NamedZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["WET"] = 0, ["BST"] = 60, ["CET"] = 60, ["CEST"] = 120, ["EET"] = 120,
        ["EST"] = -300, ["EDT"] = -240, ["CST"] = -360, ["CDT"] = -300, ["MST"] = -420, ["MDT"] = -360,
        ["PST"] = -480, ["PDT"] = -420, ["AKST"] = -540, ["AKDT"] = -480, ["HST"] = -600, ["JST"] = 540,
        ["A"] = -60, ["M"] = -720, ["N"] = 60, ["Y"] = 720,
    };

    private static TimeSpan? ZoneOffset(string zone)
    {
        if (zone.Length == 0) return null;
        if (NamedZones.TryGetValue(zone, out var minutes)) return TimeSpan.FromMinutes(minutes);
        if (zone[0] is not ('+' or '-')) return null;
        var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
        if (digits.Length is not (2 or 4) || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
        var (hours, mins) = digits.Length == 2 ? (value, 0) : (value / 100, value % 100);
        var offset = new TimeSpan(hours, mins, 0);
        return zone[0] == '-' ? -offset : offset;
    }
}
