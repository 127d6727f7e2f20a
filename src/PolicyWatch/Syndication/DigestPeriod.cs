using System.Globalization;

namespace PolicyWatch.Syndication;

public enum DigestCadence { Daily, Weekly }

/// <summary>
/// One digest period in UTC: a day, or a week from Monday 00:00:00 to the next Monday
/// (exclusive, so Sunday 23:59:59 is the last second in it).
/// </summary>
public readonly record struct DigestPeriod(DigestCadence Cadence, DateTimeOffset Start)
{
    public DateTimeOffset End => Start.AddDays(Cadence == DigestCadence.Weekly ? 7 : 1);

    /// <summary>The start date, yyyy-MM-dd: part of the entry id, so it must never change form.</summary>
    public string Key => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DigestPeriod Containing(DigestCadence cadence, DateTimeOffset instant)
    {
        var day = new DateTimeOffset(instant.UtcDateTime.Date, TimeSpan.Zero);
        if (cadence == DigestCadence.Daily) return new DigestPeriod(cadence, day);
        var sinceMonday = ((int)day.DayOfWeek + 6) % 7;
        return new DigestPeriod(cadence, day.AddDays(-sinceMonday));
    }

    /// <summary>
    /// The <paramref name="count"/> newest periods that ended at least <paramref name="grace"/>
    /// before <paramref name="now"/>, newest first. The open period is never among them.
    /// </summary>
    public static IReadOnlyList<DigestPeriod> Closed(DigestCadence cadence, DateTimeOffset now, int count, TimeSpan grace)
    {
        var newest = Containing(cadence, now - grace).Previous();
        var periods = new List<DigestPeriod>(count);
        for (var period = newest; periods.Count < count; period = period.Previous()) periods.Add(period);
        return periods;
    }

    /// <summary>Reads a period from its <see cref="Key"/>; false unless the day is one on which a period of this cadence starts.</summary>
    public static bool TryParse(DigestCadence cadence, string? key, out DigestPeriod period)
    {
        period = default;
        if (!DateOnly.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return false;
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        period = Containing(cadence, start);
        return period.Start == start;
    }

    public DigestPeriod Previous() => new(Cadence, Start.AddDays(Cadence == DigestCadence.Weekly ? -7 : -1));

    public string Describe() => Cadence == DigestCadence.Weekly
        ? $"week of {Start.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}"
        : Start.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
