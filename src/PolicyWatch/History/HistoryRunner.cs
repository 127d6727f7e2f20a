using Microsoft.Extensions.Logging;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.History;

/// <summary>
/// Walks the history of several sources, one at a time (history is background work: one source's
/// pages at a time leaves the crawl its capacity). A source whose walk throws is recorded as paused
/// with the error; the others go on.
/// </summary>
public sealed class HistoryRunner(PolicyCatalog catalog, HistoryWalker walker, HistoryStore store, HistoryOptions options, TimeProvider time, ILogger<HistoryRunner> logger)
{
    /// <summary>Sources whose history can be walked: feeds, not switched off.</summary>
    public IReadOnlyList<SourceDefinition> Walkable(IEnumerable<SourceDefinition> sources) =>
        sources.Where(s => s.Type == SourceType.Feed && s.History != HistoryMode.Off).ToList();

    /// <summary>One scheduler turn: every walkable source with an unfinished walk gets up to MaxPagesPerRun pages.</summary>
    public async Task<IReadOnlyList<HistoryReport>> RunTurnAsync(CancellationToken cancellationToken)
    {
        if (catalog.HistorySince is not { } since) return [];
        return await RunAsync(Walkable(catalog.Sources), since, options.MaxPagesPerRun, null, null, now: false, cancellationToken);
    }

    public async Task<IReadOnlyList<HistoryReport>> RunAsync(
        IReadOnlyList<SourceDefinition> sources, DateOnly since, int maxPages, IProgress<HistoryReport>? progress,
        Action<HistoryReport>? finished, bool now, CancellationToken cancellationToken)
    {
        var reports = new List<HistoryReport>();
        foreach (var source in sources)
        {
            var report = await WalkOneAsync(source, since, maxPages, progress, now, cancellationToken);
            reports.Add(report);
            finished?.Invoke(report);
        }
        return reports;
    }

    private async Task<HistoryReport> WalkOneAsync(SourceDefinition source, DateOnly since, int maxPages, IProgress<HistoryReport>? progress, bool now, CancellationToken cancellationToken)
    {
        try
        {
            return await walker.WalkAsync(source, since, maxPages, progress, cancellationToken, now);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "The history walk of {SourceId} failed unexpectedly", source.Id);
            var walk = (await store.GetAsync(source.Id, cancellationToken) ?? new HistoryWalk(source.Id, since)) with
            {
                Error = $"internal error: {e.GetType().Name}: {e.Message}",
                RetryAt = time.GetUtcNow() + options.RetryAfter,
            };
            await store.SaveAsync(walk, time.GetUtcNow(), cancellationToken);
            return new HistoryReport(source.Id, walk, 0, 0, 0, 0);
        }
    }
}
