using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Api;

/// <summary>
/// /api/dossiers: every dossier with where it stands, as /dossiers shows it; /api/dossiers/{id} one of them.
/// Field names are stable; dates read as <c>2024-05-28T09:30:00Z</c>.
/// </summary>
public static class DossiersApi
{
    /// <summary>An official step: a legislative event or a curated milestone.</summary>
    /// <param name="Step">The kind of step, comparable across sources ("plenary vote").</param>
    /// <param name="Precision">"day", or "month" for a milestone known only to the month (its date is the month's first day).</param>
    /// <param name="Source">The source's id, as /api/items gives it; <c>SourceName</c> is its name.</param>
    public sealed record StepJson(long Item, string Kind, string Title, string? Stage, string Step, DateTimeOffset Date, string Precision,
        string? Url, string Source, string SourceName);

    /// <param name="CurrentStageSince">When the current stage was reached: the date of the step that reached it, when one is stored.</param>
    /// <param name="NextStep">The earliest official step a source dates after now; null when none does.</param>
    public sealed record DossierJson(string Id, string Title, string Jurisdiction, string? Reference, string? Url,
        string? CurrentStage, DateTimeOffset? CurrentStageSince, string? CurrentHouse, bool? IsAct,
        StepJson? LastStep, StepJson? NextStep, DateTimeOffset? LastActivityAt, long Items);

    public sealed record DossiersJson(IReadOnlyList<DossierJson> Dossiers);

    public static void MapDossiersApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/dossiers", async (PolicyCatalog catalog, DossierQueries queries, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var now = time.GetUtcNow();
            var dossiers = new List<DossierJson>();
            foreach (var dossier in catalog.Dossiers)
                dossiers.Add(Json(dossier, await queries.StatusAsync(dossier.Id, now, cancellationToken)));
            return Results.Json(new DossiersJson(dossiers));
        });
        endpoints.MapGet("/api/dossiers/{id}", async (string id, PolicyCatalog catalog, DossierQueries queries, TimeProvider time, CancellationToken cancellationToken) =>
            catalog.FindDossier(id) is { } dossier
                ? Results.Json(Json(dossier, await queries.StatusAsync(dossier.Id, time.GetUtcNow(), cancellationToken)))
                : Results.Problem($"there is no dossier \"{id}\"", statusCode: StatusCodes.Status404NotFound));
    }

    private static DossierJson Json(Dossier dossier, DossierStatus status) =>
        new(dossier.Id, dossier.Title, dossier.Jurisdiction, dossier.Reference, dossier.Url?.AbsoluteUri,
            status.CurrentStage, status.ReachedBy?.At, status.CurrentHouse, status.IsAct,
            Step(status.LastStep), Step(status.NextStep), status.LastActivityAt, status.Items);

    private static StepJson? Step(OfficialStep? step) => step is null ? null
        : new StepJson(step.Id, step.Kind, step.Title, step.Stage, step.StepKind, step.At, step.IsMonthOnly ? "month" : "day",
            step.Url, step.SourceId, step.SourceName);
}
