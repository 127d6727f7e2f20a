using System.Globalization;
using PolicyWatch.Storage;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Pages.Dossiers;

/// <summary>How the dossier pages write an official step: its date to the precision its source gives, and who recorded it.</summary>
public static class StepText
{
    /// <summary>"26 Nov 2025", or "October 2025" for a milestone known only to the month.</summary>
    public static string Date(OfficialStep step) => step.IsMonthOnly ? Dates.Month(step.At.UtcDateTime) : Dates.Day(step.At);

    /// <summary>The value of a <c>&lt;time datetime&gt;</c>: the day, or the month.</summary>
    public static string IsoDate(OfficialStep step) =>
        step.At.UtcDateTime.ToString(step.IsMonthOnly ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The source's name; a milestone was curated, not copied from a source.</summary>
    public static string Source(OfficialStep step) => step.Kind == "milestone" ? "curated milestone" : step.SourceName;

    /// <summary>"Commons", "an Act": what a parliament's API adds to the current stage.</summary>
    public static string? Official(DossierStatus status) =>
        (status.CurrentHouse, status.IsAct) switch
        {
            (_, true) => "an Act",
            ({ Length: > 0 } house, _) when house != "Unassigned" => house,
            _ => null,
        };
}
