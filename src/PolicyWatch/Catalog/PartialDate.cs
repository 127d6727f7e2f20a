using System.Globalization;

namespace PolicyWatch.Catalog;

/// <summary>A date known to the day (2022-05-11) or only to the month (2023-12).</summary>
public readonly record struct PartialDate(int Year, int Month, int? Day)
{
    public bool IsMonthOnly => Day is null;

    /// <summary>The first instant of the period, in UTC: where the date sits on a timeline.</summary>
    public DateTimeOffset Start => new(Year, Month, Day ?? 1, 0, 0, 0, TimeSpan.Zero);

    public override string ToString() =>
        Day is { } d ? $"{Year:D4}-{Month:D2}-{d:D2}" : $"{Year:D4}-{Month:D2}";

    public static bool TryParse(string? text, out PartialDate date)
    {
        date = default;
        if (text is null) return false;
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = new PartialDate(day.Year, day.Month, day.Day);
            return true;
        }
        if (DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            date = new PartialDate(month.Year, month.Month, null);
            return true;
        }
        return false;
    }
}
