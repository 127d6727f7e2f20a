using PolicyWatch.Catalog;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Official.Europarl;

/// <summary>An activity of a procedure: a step the Parliament took, with the documents it was based on.</summary>
/// <param name="Key">The API's activity_id, else the activity's own IRI, else a hash of what it says.</param>
/// <param name="TypeCode">The end of had_activity_type: PLENARY_VOTE; null when the API gives none.</param>
/// <param name="Date">Null when the activity carries no date (it is then skipped, with a note).</param>
internal sealed record Activity(string Key, string? TypeCode, string? Label, ApiDate? Date, IReadOnlyList<OfficialDocument> Documents);

/// <summary>
/// <c>GET /procedures/{process-id}</c> as JSON-LD: <c>{"data": [ { process_id, label, process_title,
/// current_stage, consists_of: [activities] } ], "@context": …}</c>. Field names marked uncertain in
/// the reference are read tolerantly (see <see cref="ApiJson"/>); a field of another shape fails the
/// read naming it.
/// </summary>
internal sealed record ProcedureDocument(string? Title, string? CurrentStageCode, IReadOnlyList<Activity> Activities, int Duplicates)
{
    /// <summary>Relative IRIs in answers (<c>eli/dl/doc/A-9-2023-0364</c>) are the Parliament's data namespace.</summary>
    private static readonly Uri DataNamespace = new("https://data.europarl.europa.eu/");

    private const int MaxDocuments = 20;

    public static ProcedureDocument Read(ApiJson root, ProcedureReference procedure)
    {
        var data = root.Required("data").ItemsOrOne().ToList();
        if (data.Count == 0) throw new ApiShapeException("data: is empty: the answer holds no procedure");
        var index = data.FindIndex(d => d.Kind == System.Text.Json.JsonValueKind.Object && d.Field("process_id")?.Text() == procedure.ApiId);
        var process = data[Math.Max(0, index)];
        if (index < 0 && process.Field("process_id")?.Text() is { } other)
            throw new ApiShapeException($"{process.Path}.process_id: the answer is about procedure {other}, not {procedure.ApiId}");
        var activities = process.Field("consists_of")?.ItemsOrOne().Select(ReadActivity).ToList() ?? [];
        // The same activity twice in one answer is one step: stored once, with the documents of both.
        var merged = activities.GroupBy(a => a.Key)
            .Select(g => g.First() with { Documents = g.SelectMany(a => a.Documents).DistinctBy(d => d.Url).Take(MaxDocuments).ToList() })
            .ToList();
        return new ProcedureDocument(
            process.Field("process_title")?.Label(),
            process.Field("current_stage")?.Iri() is { } stage ? ActivityTypes.Code(stage) : null,
            merged,
            activities.Count - merged.Count);
    }

    private static Activity ReadActivity(ApiJson activity)
    {
        if (activity.Kind != System.Text.Json.JsonValueKind.Object) throw activity.Unexpected("an activity (an object)");
        var date = activity.Field("activity_date", "activity_start_date")?.Date();
        var type = activity.Field("had_activity_type")?.Iri() is { } iri ? ActivityTypes.Code(iri) : null;
        var label = activity.Field("activity_label")?.Label();
        var documents = activity.Field("based_on_a_realization_of")?.ItemsOrOne()
            .Select(d => d.Iri())
            .Select(iri => (Iri: iri, Url: UrlCanonicalizer.Absolute(iri, DataNamespace)))
            .Where(d => d.Url is { Length: <= OfficialDocument.MaxUrl })
            .Select(d => new OfficialDocument(ActivityTypes.Code(d.Iri), d.Url!))
            .DistinctBy(d => d.Url)
            .Take(MaxDocuments)
            .ToList() ?? [];
        var key = activity.Field("activity_id")?.Text() ?? activity.Field("id", "@id")?.Iri()
            ?? "sha256:" + Normalizer.Sha256($"{date?.Raw}|{type}|{label}|{string.Join(' ', documents.Select(d => d.Url))}");
        return new Activity(key, type, label, date, documents);
    }
}
