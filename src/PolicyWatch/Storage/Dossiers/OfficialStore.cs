using System.Data;
using Dapper;

namespace PolicyWatch.Storage;

/// <summary>
/// Where a bill or procedure stands as its parliament's API last said: what the dossier status needs
/// beyond the events themselves. A field is null when the API does not say it (the European
/// Parliament says nothing of an Act).
/// </summary>
/// <param name="Reference">What the source follows: "bill 3137" or "2022/0155(COD)".</param>
/// <param name="Title">The bill's short title or the procedure's title, as the API gives it.</param>
/// <param name="CurrentStage">Readable: "Royal Assent", "First reading".</param>
/// <param name="CurrentStageCode">As the API codes it: the stage's id, or the procedure phase (RDG1).</param>
/// <param name="CurrentHouse">The UK bill's current house: Commons, Lords, Unassigned.</param>
/// <param name="SourceUpdatedAt">When the API says the bill last changed (the Bills API's lastUpdate).</param>
public sealed record OfficialStatus(
    string DossierId,
    string Reference,
    string? Title,
    string? CurrentStage,
    string? CurrentStageCode,
    string? CurrentHouse,
    bool? IsAct,
    bool? IsDefeated,
    bool? IsWithdrawn,
    DateTimeOffset? SourceUpdatedAt);

/// <summary>The validators an API document came with, for the next conditional GET of the same URL.</summary>
public sealed record ApiValidators(string Url, string? ETag, string? LastModified);

/// <summary>
/// What an official API read leaves beside its items: the status of what it follows (null when the
/// document that says it was not modified) and the validators of the documents it read.
/// </summary>
public sealed record OfficialRecord(OfficialStatus? Status, IReadOnlyList<ApiValidators> Validators);

/// <summary>The official_status and official_requests tables, written by the crawl that read them.</summary>
public sealed class OfficialStore(Database database)
{
    /// <summary>The validators stored for each URL a source reads.</summary>
    public async Task<IReadOnlyDictionary<string, ApiValidators>> ValidatorsAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ApiValidators>(new CommandDefinition(
            "SELECT url AS Url, etag AS ETag, last_modified AS LastModified FROM official_requests WHERE source_id = @SourceId",
            new { SourceId = sourceId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Url, StringComparer.Ordinal);
    }

    /// <summary>Where a source's bill or procedure stands; null before its first successful read.</summary>
    public async Task<OfficialStatus?> StatusAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StatusRow>(new CommandDefinition(
            """
            SELECT dossier_id AS DossierId, reference AS Reference, title AS Title, current_stage AS CurrentStage,
                   current_stage_code AS CurrentStageCode, current_house AS CurrentHouse, is_act AS IsAct,
                   is_defeated AS IsDefeated, is_withdrawn AS IsWithdrawn, source_updated_at AS SourceUpdatedAt
            FROM official_status WHERE source_id = @SourceId
            """, new { SourceId = sourceId }, cancellationToken: cancellationToken));
        return row is null ? null : new OfficialStatus(row.DossierId, row.Reference, row.Title, row.CurrentStage, row.CurrentStageCode,
            row.CurrentHouse, row.IsAct, row.IsDefeated, row.IsWithdrawn, row.SourceUpdatedAt);
    }

    private sealed record StatusRow
    {
        public required string DossierId { get; init; }
        public required string Reference { get; init; }
        public string? Title { get; init; }
        public string? CurrentStage { get; init; }
        public string? CurrentStageCode { get; init; }
        public string? CurrentHouse { get; init; }
        public bool? IsAct { get; init; }
        public bool? IsDefeated { get; init; }
        public bool? IsWithdrawn { get; init; }
        public DateTimeOffset? SourceUpdatedAt { get; init; }
    }

    /// <summary>Writes what a successful read found, inside the transaction that stores its items.</summary>
    internal static async Task RecordAsync(IDbTransaction transaction, string sourceId, OfficialRecord record, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        if (record.Status is { } status)
            await connection.ExecuteAsync(
                """
                INSERT INTO official_status (source_id, dossier_id, reference, title, current_stage, current_stage_code,
                                             current_house, is_act, is_defeated, is_withdrawn, source_updated_at, updated_at)
                VALUES (@SourceId, @DossierId, @Reference, @Title, @CurrentStage, @CurrentStageCode,
                        @CurrentHouse, @IsAct, @IsDefeated, @IsWithdrawn, @SourceUpdatedAt, @Now)
                ON CONFLICT (source_id) DO UPDATE SET
                    dossier_id = excluded.dossier_id, reference = excluded.reference, title = excluded.title,
                    current_stage = excluded.current_stage, current_stage_code = excluded.current_stage_code,
                    current_house = excluded.current_house, is_act = excluded.is_act, is_defeated = excluded.is_defeated,
                    is_withdrawn = excluded.is_withdrawn, source_updated_at = excluded.source_updated_at,
                    updated_at = excluded.updated_at
                """,
                new
                {
                    SourceId = sourceId, status.DossierId, status.Reference, status.Title, status.CurrentStage, status.CurrentStageCode,
                    status.CurrentHouse, status.IsAct, status.IsDefeated, status.IsWithdrawn, status.SourceUpdatedAt, Now = now,
                },
                transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO official_requests (source_id, url, etag, last_modified) VALUES (@SourceId, @Url, @ETag, @LastModified)
            ON CONFLICT (source_id, url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified
            """,
            record.Validators.Select(v => new { SourceId = sourceId, v.Url, v.ETag, v.LastModified }), transaction);
    }
}
