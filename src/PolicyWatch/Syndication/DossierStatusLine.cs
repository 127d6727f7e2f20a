using System.Globalization;
using PolicyWatch.Storage;

namespace PolicyWatch.Syndication;

/// <summary>
/// Where a dossier stands, in one line of text: pinned as its feeds' subtitle (Atom subtitle, RSS and JSON
/// Feed description), where every reader shows it above the entries.
/// </summary>
public static class DossierStatusLine
{
    /// <summary>
    /// "Current stage: committee vote, since 14 November 2023. Last official step: 22 November 2023, Plenary
    /// confirms… (Legislative Observatory). Next expected: 29 September 2026, trilogue (European Parliament API)."
    /// </summary>
    public static string Text(DossierStatus status)
    {
        if (status.CurrentStage is null && status.NextStep is null) return "No official step recorded yet.";
        var parts = new List<string>();
        if (status.CurrentStage is { } stage)
        {
            var official = status.IsAct == true ? " (an Act)" : "";
            parts.Add($"Current stage: {stage}{official}{(status.ReachedBy is { } reached ? $", since {Date(reached)}" : "")}.");
        }
        if (status.LastStep is { } last) parts.Add($"Last official step: {Step(last)}.");
        parts.Add(status.NextStep is { } next ? $"Next expected: {Step(next)}." : "No next step dated yet.");
        return string.Join(' ', parts);
    }

    private static string Step(OfficialStep step) =>
        $"{Date(step)}, {step.Title.TrimEnd('.')} ({(step.Kind == "milestone" ? "curated milestone" : step.SourceName)})";

    private static string Date(OfficialStep step) =>
        step.At.UtcDateTime.ToString(step.IsMonthOnly ? "MMMM yyyy" : "d MMMM yyyy", CultureInfo.InvariantCulture);
}
