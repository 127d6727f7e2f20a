using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Official.Europarl;

/// <summary>
/// Reads a procedure from the European Parliament's Open Data API: one event per activity
/// (<c>consists_of</c>), dated, with its type as a readable stage and the documents it was based on as
/// links, and the procedure's current stage when the API gives one. The procedure's own document is
/// asked for conditionally. Its <c>/events</c> listing is not read: it lists the same activities, in a
/// shape known only from third-party clients.
/// </summary>
internal sealed class ProcedureReader(ApiRequests requests, OfficialOptions options)
{
    public const string Institution = "European Parliament";

    public static Uri ProcedureUrl(OfficialOptions options, ProcedureReference procedure) =>
        new($"{options.EuroparlUrl.AbsoluteUri.TrimEnd('/')}/procedures/{procedure.ApiId}?format=application%2Fld%2Bjson");

    public async Task<OfficialFindings> ReadAsync(SourceDefinition source, CancellationToken cancellationToken)
    {
        var procedure = source.Procedure!;
        var what = $"procedure {procedure}";
        var json = await requests.GetAsync(ProcedureUrl(options, procedure), conditional: true, what,
            $"procedure {procedure} does not exist in the European Parliament's Open Data API", cancellationToken);
        if (json is null) return new OfficialFindings([], null, []);
        ProcedureDocument document;
        try
        {
            document = ProcedureDocument.Read(json.Value, procedure);
        }
        catch (ApiShapeException e)
        {
            throw new ApiShapeException($"{what}: {e.Message}");
        }
        var notes = new List<string>();
        var undated = document.Activities.Where(a => a.Date is null).ToList();
        if (undated.Count > 0)
            notes.Add($"{undated.Count} {(undated.Count == 1 ? "activity" : "activities")} without a date skipped ({string.Join(", ", undated.Take(5).Select(a => a.Key))})");
        if (document.Duplicates > 0)
            notes.Add($"{document.Duplicates} duplicate {(document.Duplicates == 1 ? "activity" : "activities")} in the answer stored once");
        var events = document.Activities.Where(a => a.Date is not null).Select(a => Event(procedure, document, a)).ToList();
        var status = new OfficialStatus(source.Dossier!, procedure.ToString(), document.Title,
            document.CurrentStageCode is { } code ? ActivityTypes.Phase(code) : null, document.CurrentStageCode, null, null, null, null, null);
        return new OfficialFindings(events, status, notes);
    }

    private static OfficialEvent Event(ProcedureReference procedure, ProcedureDocument document, Activity activity)
    {
        var date = activity.Date!;
        // A type never seen before keeps its code as the stage: the code still says what the step was.
        var stage = activity.TypeCode is { } code ? ActivityTypes.Activity(code) : null;
        var name = activity.Label ?? stage ?? "Activity";
        var about = document.Title is null ? $"procedure {procedure}" : $"procedure {procedure}, {document.Title}";
        return new OfficialEvent(
            Key: $"ep-procedure/{procedure.ApiId}/activity/{activity.Key}",
            Title: $"{Institution}: {Shorten(name)} ({procedure})",
            Date: date.DayUtc,
            DateRaw: date.Raw,
            Stage: stage,
            Category: activity.TypeCode ?? "Activity",
            Institution: Institution,
            Url: procedure.Page.AbsoluteUri,
            Summary: $"{name}, {OfficialEvent.Day(date.DayUtc)}: {about}.",
            Documents: activity.Documents,
            Reference: activity.Documents.Count == 0 ? null : string.Join(", ", activity.Documents.Take(5).Select(d => d.Name)));
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..199] + "…";
}
