using System.Globalization;

namespace PolicyWatch.Citing;

/// <summary>Dates in English as each style writes them, always in UTC and never in the server's culture.</summary>
internal static class CitationDates
{
    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    // MLA 9 abbreviates months of more than four letters; September becomes "Sept.".
    private static readonly string[] MlaMonths =
        ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];

    /// <summary>APA: "2024, May 28".</summary>
    public static string Apa(DateTimeOffset date) => Invariant(date, d => $"{d.Year}, {Months[d.Month - 1]} {d.Day}");

    /// <summary>Chicago and APA's retrieval date: "May 28, 2024".</summary>
    public static string MonthDayYear(DateTimeOffset date) => Invariant(date, d => $"{Months[d.Month - 1]} {d.Day}, {d.Year}");

    /// <summary>MLA: "28 May 2024", "22 Nov. 2026".</summary>
    public static string Mla(DateTimeOffset date) => Invariant(date, d => $"{d.Day} {MlaMonths[d.Month - 1]} {d.Year}");

    /// <summary>ISO 8601 calendar date: "2024-05-28" (BibTeX date and urldate).</summary>
    public static string Iso(DateTimeOffset date) => Utc(date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>RIS: "2024/05/28".</summary>
    public static string Ris(DateTimeOffset date) => Utc(date).ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture);

    /// <summary>A full UTC timestamp for data exports: "2024-05-28T09:30:00Z".</summary>
    public static string Timestamp(DateTimeOffset date) => Utc(date).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Utc(DateTimeOffset date) => date.ToUniversalTime();

    private static string Invariant(DateTimeOffset date, Func<DateTimeOffset, FormattableString> format) =>
        format(Utc(date)).ToString(CultureInfo.InvariantCulture);
}
