using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Storage;

/// <summary>One official step of a dossier: a legislative event a source stored, or a curated milestone.</summary>
public sealed record OfficialStep
{
    public long Id { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }

    /// <summary>The stage as the source named it; null when it named none (the Legislative Observatory's rows).</summary>
    public string? Stage { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The date as the source wrote it; for milestones "2025-10" means only the month is known.</summary>
    public string? AtRaw { get; init; }

    public string? Url { get; init; }
    public required string SourceId { get; init; }
    public required string SourceName { get; init; }

    public bool IsMonthOnly => Kind == "milestone" && AtRaw is { Length: 7 };

    /// <summary>What kind of step it is, comparable across sources (<see cref="StepKinds"/>).</summary>
    public string StepKind => StepKinds.Of(Stage, Title);
}

/// <summary>
/// Where a dossier stands: its current stage and since when, the last official step, and the next one a
/// source has dated in the future (a scheduled sitting, a forecast), if any.
/// </summary>
public sealed record DossierStatus
{
    /// <summary>
    /// The stage it is at: what the parliament's API last said (official_status) when a source keeps that,
    /// else the kind of its latest official step. Null before any official step.
    /// </summary>
    public string? CurrentStage { get; init; }

    /// <summary>The step that reached <see cref="CurrentStage"/>: the first of the latest run of steps of that kind.</summary>
    public OfficialStep? ReachedBy { get; init; }

    /// <summary>The latest official step dated now or earlier.</summary>
    public OfficialStep? LastStep { get; init; }

    /// <summary>The earliest official step dated after now: what is expected next, and when.</summary>
    public OfficialStep? NextStep { get; init; }

    /// <summary>The UK bill's house, as its API said; null otherwise.</summary>
    public string? CurrentHouse { get; init; }

    /// <summary>Whether the bill became an Act, as its API said; null when no API says.</summary>
    public bool? IsAct { get; init; }

    public DateTimeOffset? LastActivityAt { get; init; }
    public long Items { get; init; }
}

/// <summary>What decides a dossier's status besides stored items, read from indexes only, for feed validators.</summary>
/// <param name="NextDatedAt">The dossier's earliest date after now: when it passes, the status may change.</param>
/// <param name="LatestPastAt">The dossier's latest date up to now: a future item whose date has passed moves it.</param>
/// <param name="Official">What the parliaments' APIs last said of it (official_status), as text; empty without.</param>
public sealed record DossierStatusVersion(DateTimeOffset? NextDatedAt, DateTimeOffset? LatestPastAt, string Official);

/// <summary>Read models for the dossier pages, the dossiers API and the dossier feeds' status line.</summary>
public sealed partial class DossierQueries(Database database, ItemQueries items)
{
    /// <summary>A step's columns; its texts within their limits, as every read model ships them.</summary>
    private static readonly string StepColumns =
        $"""
        i.id AS Id, i.kind AS Kind, {StoredText.AtMost("i.title", TextLimits.Title)} AS Title, {StoredText.AtMost("i.stage", TextLimits.Label)} AS Stage,
        i.published_at AS At, i.published_raw AS AtRaw, i.url AS Url, i.source_id AS SourceId, s.name AS SourceName
        """;

    /// <summary>
    /// The dossier's official steps with their sources, read along the index of its steps (migration 15), which
    /// holds none of the coverage around them. Conditions on <c>d.official</c> pick that index.
    /// </summary>
    private static string DossierSteps(DbConnection connection)
    {
        var dialect = SqlDialect.Of(connection);
        return $"item_dossiers d {dialect.IndexedBy("item_dossiers_official")} {dialect.JoinInOrder} items i ON i.id = d.item_id " +
            $"{dialect.JoinInOrder} sources s ON s.id = i.source_id";
    }

    /// <summary>
    /// How far back the walk for the current stage goes, in steps. A real dossier's record is tens to a few hundred
    /// steps (a UK bill's stages with every sitting, a procedure's events); the bound keeps the page's cost fixed
    /// whatever a source stores. A run of steps of one kind longer than this is said to begin at its last step read.
    /// </summary>
    internal const int StepsBackAtMost = 1000;

    /// <param name="now">Steps dated after it are expected, not reached.</param>
    public Task<DossierStatus> StatusAsync(string dossierId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => StatusAsync(connection, dossierId, now, cancellationToken), cancellationToken);

    private static async Task<DossierStatus> StatusAsync(DbConnection connection, string dossierId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var official = await OfficialStatusAsync(connection, dossierId, cancellationToken);

        // Back from now, step by step, only as far as the run of steps that reached the current stage goes:
        // plenary votes on amendments and then on the text reached "plenary vote" at the first.
        OfficialStep? last = null, reachedBy = null;
        string? stage = official?.CurrentStage, kind = stage is null ? null : StepKinds.Of(stage, stage);
        await foreach (var step in StepsBackFromAsync(connection, dossierId, now, cancellationToken))
        {
            last ??= step;
            stage ??= step.StepKind;
            kind ??= step.StepKind;
            if (StepKinds.Same(step.StepKind, kind)) reachedBy = step;
            else if (reachedBy is not null) break;
        }
        var next = await connection.QueryFirstOrDefaultAsync<OfficialStep>(new CommandDefinition(
            $"""
            SELECT {StepColumns}
            FROM {DossierSteps(connection)}
            WHERE d.dossier_id = @Id AND d.published_at > @Now AND d.official
            ORDER BY d.published_at, d.item_id LIMIT 1
            """, new { Id = dossierId, Now = now }, cancellationToken: cancellationToken));
        var activity = await ActivityUpToAsync(connection, dossierId, now, cancellationToken);
        return new DossierStatus
        {
            CurrentStage = stage,
            ReachedBy = reachedBy,
            LastStep = last,
            NextStep = next,
            CurrentHouse = official?.CurrentHouse,
            IsAct = official?.IsAct,
            LastActivityAt = activity.Last,
            Items = activity.Count,
        };
    }

    /// <summary>
    /// The dossier's latest date up to <paramref name="now"/> (one probe of its index) and how many items it has up to
    /// then: the weekly counts the activity chart keeps (activity_weeks, migration 5) for the weeks before this one,
    /// and this week's rows counted, so a dossier of a hundred thousand items costs a hundred rows, not all of them.
    /// </summary>
    private static Task<(DateTimeOffset? Last, long Count)> ActivityUpToAsync(DbConnection connection, string dossierId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monday = ActivityQueries.Monday(today);
        return connection.QuerySingleAsync<(DateTimeOffset?, long)>(new CommandDefinition(
            """
            SELECT (SELECT max(published_at) FROM item_dossiers WHERE dossier_id = @Id AND published_at <= @Now),
                   (SELECT coalesce(sum(items), 0) FROM activity_weeks WHERE scope = @Scope AND week < @Monday)
                 + (SELECT count(*) FROM item_dossiers WHERE dossier_id = @Id AND published_at >= @MondayAt AND published_at <= @Now)
            """,
            new { Id = dossierId, Now = now, Scope = "d:" + dossierId, Monday = monday, MondayAt = new DateTimeOffset(monday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The dossier's official steps dated up to <paramref name="now"/>, newest first, at most
    /// <see cref="StepsBackAtMost"/>, read along the index of its steps in pages that grow (4, 16, 64…), so a caller
    /// that stops early reads little.
    /// </summary>
    private static async IAsyncEnumerable<OfficialStep> StepsBackFromAsync(DbConnection connection, string dossierId, DateTimeOffset now,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (at, id, size, read) = (now, long.MaxValue, 4, 0);
        while (read < StepsBackAtMost)
        {
            size = Math.Min(size, StepsBackAtMost - read);
            var page = (await connection.QueryAsync<OfficialStep>(new CommandDefinition(
                $"""
                SELECT {StepColumns}
                FROM {DossierSteps(connection)}
                WHERE d.dossier_id = @Id AND (d.published_at, d.item_id) < (@At, @ItemId) AND d.official
                ORDER BY d.published_at DESC, d.item_id DESC LIMIT @Size
                """, new { Id = dossierId, At = at, ItemId = id, Size = size }, cancellationToken: cancellationToken))).AsList();
            foreach (var step in page) yield return step;
            if (page.Count < size) yield break;
            (at, id, size, read) = (page[^1].At, page[^1].Id, Math.Min(size * 4, 256), read + page.Count);
        }
    }

    private sealed record OfficialRow
    {
        public string? CurrentStage { get; init; }
        public string? CurrentHouse { get; init; }
        public bool? IsAct { get; init; }
    }

    /// <summary>
    /// What a parliament's API last said of the dossier, when a source keeps that (the official_status table of
    /// the uk-bill and ep-procedure sources, migration 9).
    /// </summary>
    private static async Task<OfficialRow?> OfficialStatusAsync(DbConnection connection, string dossierId, CancellationToken cancellationToken)
    {
        return await connection.QueryFirstOrDefaultAsync<OfficialRow>(new CommandDefinition(
            """
            SELECT current_stage AS CurrentStage, current_house AS CurrentHouse, is_act AS IsAct
            FROM official_status WHERE dossier_id = @Id AND current_stage IS NOT NULL
            ORDER BY updated_at DESC LIMIT 1
            """, new { Id = dossierId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// What a dossier's status depends on beyond the items' own changes, from indexes and the small official_status
    /// table only (no item rows), so a feed's 304 stays cheap: the status changes when now passes the next date.
    /// </summary>
    public Task<DossierStatusVersion> StatusVersionAsync(string dossierId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => StatusVersionAsync(connection, dossierId, now, cancellationToken), cancellationToken);

    private static async Task<DossierStatusVersion> StatusVersionAsync(DbConnection connection, string dossierId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var (next, past) = await connection.QuerySingleAsync<(DateTimeOffset?, DateTimeOffset?)>(new CommandDefinition(
            """
            SELECT (SELECT min(published_at) FROM item_dossiers WHERE dossier_id = @Id AND published_at > @Now),
                   (SELECT max(published_at) FROM item_dossiers WHERE dossier_id = @Id AND published_at <= @Now)
            """, new { Id = dossierId, Now = now }, cancellationToken: cancellationToken));
        var official = await OfficialStatusAsync(connection, dossierId, cancellationToken);
        return new DossierStatusVersion(next, past,
            official is null ? "" : $"{official.CurrentStage}|{official.CurrentHouse}|{official.IsAct}");
    }
}
