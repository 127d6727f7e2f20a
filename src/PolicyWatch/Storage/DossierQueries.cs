using Dapper;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Storage;

/// <summary>Where a dossier stands: its latest official step and its latest activity of any kind.</summary>
public sealed record DossierStatus
{
    public string? CurrentStage { get; init; }
    public string? CurrentStageTitle { get; init; }
    public DateTimeOffset? CurrentStageAt { get; init; }
    public DateTimeOffset? LastActivityAt { get; init; }
    public long Items { get; init; }
}

public sealed class DossierQueries(Database database)
{
    /// <param name="now">Milestones dated in the future are not the current stage yet.</param>
    public Task<DossierStatus> StatusAsync(string dossierId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => StatusAsync(connection, dossierId, now, cancellationToken), cancellationToken);

    private static async Task<DossierStatus> StatusAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string dossierId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var stage = await connection.QueryFirstOrDefaultAsync<DossierStatus>(new CommandDefinition(
            $"""
            SELECT {StoredText.AtMost("i.stage", TextLimits.Label)} AS CurrentStage, {StoredText.AtMost("i.title", TextLimits.Title)} AS CurrentStageTitle,
                   i.published_at AS CurrentStageAt
            FROM item_dossiers d JOIN items i ON i.id = d.item_id
            WHERE d.dossier_id = @Id AND i.kind IN ('legislative', 'milestone') AND d.published_at <= @Now
            ORDER BY d.published_at DESC, d.item_id DESC LIMIT 1
            """, new { Id = dossierId, Now = now }, cancellationToken: cancellationToken));
        var activity = await connection.QuerySingleAsync<(string? Last, long Count)>(new CommandDefinition(
            "SELECT max(published_at), count(*) FROM item_dossiers WHERE dossier_id = @Id AND published_at <= @Now",
            new { Id = dossierId, Now = now }, cancellationToken: cancellationToken));
        return (stage ?? new DossierStatus()) with
        {
            LastActivityAt = activity.Last is null ? null : UtcTimestamp.Parse(activity.Last),
            Items = activity.Count,
        };
    }
}
