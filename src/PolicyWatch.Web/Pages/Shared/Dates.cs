using System.Globalization;

namespace PolicyWatch.Web.Pages.Shared;

/// <summary>How pages write dates: UTC, invariant, and saying so.</summary>
public static class Dates
{
    public static string Day(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture) : "—";

    public static string Month(DateTime day) => day.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public static string LongDay(DateTime day) => day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
