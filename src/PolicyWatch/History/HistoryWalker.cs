using Microsoft.Extensions.Logging;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Fetching;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage;

namespace PolicyWatch.History;

/// <summary>What one turn of a source's walk did, for the progress line and the summary.</summary>
public sealed record HistoryReport(string SourceId, HistoryWalk Walk, int Pages, int Found, int Kept, int Skipped)
{
    public bool Failed => Walk.Status == HistoryStatus.Failed || (Walk.Status != HistoryStatus.Finished && Walk.Error is not null);
}

/// <summary>
/// Walks one source back towards its horizon: choose a method from the live feed (once), then read
/// page after page (archives, feed pages, captures) → normalize → keep what is on or after the
/// horizon → classify → keep-matching → store the new items with the walk's new position in one
/// transaction. Stops at the horizon, at the end of the pages, after <c>maxPages</c> (it resumes
/// there next turn), or at a failure worth retrying (it waits, then resumes from the same page).
/// </summary>
public sealed class HistoryWalker(
    HistoryStore store,
    Fetcher fetcher,
    Classifier classifier,
    IEnumerable<IHistoryMethod> methods,
    HistoryOptions options,
    TimeProvider time,
    ILogger<HistoryWalker> logger)
{
    private readonly IReadOnlyList<IHistoryMethod> _methods = methods.ToList();

    /// <param name="now">Asked for by the operator (the backfill command): a paused walk goes on at once, a failed one starts over.</param>
    public async Task<HistoryReport> WalkAsync(SourceDefinition source, DateOnly since, int maxPages, IProgress<HistoryReport>? progress, CancellationToken cancellationToken, bool now = false)
    {
        var walk = await CurrentAsync(source, since, cancellationToken);
        if (now && walk.Status == HistoryStatus.Failed) walk = walk with { Status = HistoryStatus.Pending, Method = null, Error = null };
        var report = new HistoryReport(source.Id, walk, 0, 0, 0, 0);
        if (walk.Status is HistoryStatus.Finished or HistoryStatus.Failed || (!now && walk.RetryAt > time.GetUtcNow())) return report;
        if (walk.Method is null)
        {
            walk = await StartAsync(source, walk, cancellationToken);
            await store.SaveAsync(walk, time.GetUtcNow(), cancellationToken);
            report = report with { Walk = walk };
            if (walk.Status != HistoryStatus.Walking) return report;
        }
        var method = _methods.First(m => m.Name == walk.Method);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (report.Pages < maxPages && walk.Status == HistoryStatus.Walking)
        {
            if (walk.Position is null || !visited.Add(walk.Position) || walk.Pages >= options.MaxPagesPerWalk)
            {
                var bounded = walk.Position is not null && walk.Pages >= options.MaxPagesPerWalk;
                walk = walk with
                {
                    Status = HistoryStatus.Finished, Position = null,
                    Error = bounded ? $"stopped after {walk.Pages} pages (History:MaxPagesPerWalk) before reaching the horizon" : null,
                };
                await store.SaveAsync(walk, time.GetUtcNow(), cancellationToken);
                break;
            }
            var step = await method.ReadAsync(source, walk, cancellationToken);
            if (step.Error is not null)
            {
                walk = walk with { Error = $"{step.Address}: {step.Error}", RetryAt = time.GetUtcNow() + Max(step.RetryAfter, options.RetryAfter) };
                await store.SaveAsync(walk, time.GetUtcNow(), cancellationToken);
                logger.LogWarning("History of {SourceId} paused at {Position}: {Error}", source.Id, walk.Position, walk.Error);
                return report with { Walk = walk };
            }
            (walk, report) = await RecordAsync(source, walk, report, step, since, cancellationToken);
            progress?.Report(report);
        }
        return report with { Walk = walk };
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan? a, TimeSpan b) => a is { } x && x > b ? x : b;

    /// <summary>The stored walk; a new one, or one reopened when the horizon moved further back.</summary>
    private async Task<HistoryWalk> CurrentAsync(SourceDefinition source, DateOnly since, CancellationToken cancellationToken)
    {
        var walk = await store.GetAsync(source.Id, cancellationToken);
        if (walk is null) return new HistoryWalk(source.Id, since);
        if (since < walk.Since) return new HistoryWalk(source.Id, since) { ItemsFound = walk.ItemsFound, ItemsKept = walk.ItemsKept, Pages = walk.Pages, OldestAt = walk.OldestAt };
        return walk;
    }

    /// <summary>Fetches the live feed and asks the methods, in order (or the pinned one), which can walk it.</summary>
    private async Task<HistoryWalk> StartAsync(SourceDefinition source, HistoryWalk walk, CancellationToken cancellationToken)
    {
        var fetch = await fetcher.FetchAsync(FetchRequest.ForOperator(source.Url), cancellationToken);
        if (fetch.Status != FetchStatus.Ok)
            return walk with { Error = $"the feed could not be fetched: {fetch.Error}", RetryAt = time.GetUtcNow() + Max(fetch.RetryAfter, options.RetryAfter) };
        var (feed, _, problem) = HistoryFeed.Read(source, fetch, fetch.FinalUrl);
        if (feed is null) return walk with { Status = HistoryStatus.Failed, Error = $"the live feed: {problem}" };
        var live = new LiveFeed(source, fetch, feed);
        var reasons = new List<string>();
        foreach (var method in Candidates(source.History))
        {
            var (position, reason) = await method.StartAsync(live, cancellationToken);
            if (position is not null) return walk with { Method = method.Name, Position = position, Status = HistoryStatus.Walking, Error = null, RetryAt = null };
            reasons.Add($"{method.Name}: {reason}");
        }
        var status = feed.Feed.IsComplete ? HistoryStatus.Finished : HistoryStatus.Failed;
        return walk with { Status = status, Method = "none", Error = feed.Feed.IsComplete ? null : $"no way back found ({string.Join("; ", reasons)})" };
    }

    private IEnumerable<IHistoryMethod> Candidates(HistoryMode mode) =>
        mode == HistoryMode.Auto ? _methods : _methods.Where(m => m.Mode == mode);

    /// <summary>Keeps the page's items on or after the horizon, stores the new ones and moves the walk on.</summary>
    private async Task<(HistoryWalk, HistoryReport)> RecordAsync(SourceDefinition source, HistoryWalk walk, HistoryReport report, HistoryStep step, DateOnly since, CancellationToken cancellationToken)
    {
        var horizon = new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var dated = step.Items.Where(i => (i.PublishedAt ?? step.CapturedAt) is not null).ToList();
        var recent = dated.Where(i => (i.PublishedAt ?? step.CapturedAt) >= horizon).ToList();
        var classified = recent.Select(item => new ClassifiedItem(item, classifier.Classify(new ClassifiableText(item.Title, item.SummaryText, item.ContentText), source))).ToList();
        var kept = classified.Where(i => source.Keep == KeepPolicy.All || i.Tags.MatchesAnything).ToList();
        // The oldest date reached, never before the horizon: what lies beyond it was not kept.
        var oldest = Later(dated.Select(i => (i.PublishedAt ?? step.CapturedAt)!.Value).DefaultIfEmpty().Min(), horizon);
        var pastHorizon = step.CapturedAt < horizon || (dated.Count > 0 && recent.Count < dated.Count);
        // A page that brought nothing new and nothing older (a site answering the same page for every
        // N) ends the walk: going on would read the same items forever.
        var progressed = step.Items.Count == 0 || step.CapturedAt is not null || walk.OldestAt is null || pastHorizon || (dated.Count > 0 && oldest < walk.OldestAt);
        var done = step.Next is null || pastHorizon || (!progressed && step.Skipped is null);
        var next = walk with
        {
            Position = done ? null : step.Next,
            Status = done ? HistoryStatus.Finished : HistoryStatus.Walking,
            Pages = walk.Pages + 1,
            ItemsFound = walk.ItemsFound + step.Items.Count,
            OldestAt = dated.Count == 0 ? walk.OldestAt : walk.OldestAt is { } o && o < oldest ? o : oldest,
            Error = null,
            RetryAt = null,
        };
        var added = await store.RecordPageAsync(next, new HistoryPageRecord(step.Address, step.Next, step.NeverChanges,
            new HistoryArrival(step.Address, step.CapturedAt), kept), time.GetUtcNow(), cancellationToken);
        next = next with { ItemsKept = walk.ItemsKept + added };
        if (step.Skipped is not null) logger.LogInformation("History of {SourceId}: skipped {Address}: {Reason}", source.Id, step.Address, step.Skipped);
        return (next, report with
        {
            Walk = next, Pages = report.Pages + 1, Found = report.Found + step.Items.Count, Kept = report.Kept + added,
            Skipped = report.Skipped + (step.Skipped is null ? 0 : 1) + (step.Items.Count - kept.Count),
        });
    }
}
