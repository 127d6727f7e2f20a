using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Crawling;

/// <summary>
/// Crawls a set of sources with a global cap on fetches in flight: sources are grouped by their
/// feed's host, each group runs in order, groups run in parallel. The grouping keeps a host's
/// sources in order and stops one slow host from taking every slot; the rule of one request per
/// host (article pages included, which often live on another host) is enforced by the
/// <see cref="Fetching.HostGate"/> every <see cref="Fetching.Fetcher"/> shares.
/// </summary>
public sealed class CrawlRunner(PolicyCatalog catalog, SourceStore sources, SourceCrawler crawler, CrawlOptions options, TimeProvider time)
{
    /// <summary>The sources whose next fetch is due now, as the scheduler runs them.</summary>
    public async Task<IReadOnlyList<CrawlReport>> RunDueAsync(CancellationToken cancellationToken)
    {
        var due = await sources.DueAsync(time.GetUtcNow(), cancellationToken);
        var definitions = due.Select(catalog.FindSource).OfType<SourceDefinition>().ToList();
        return await RunAsync(definitions, progress: null, cancellationToken);
    }

    /// <param name="progress">Told about each source as it finishes (the CLI prints a line).</param>
    public async Task<IReadOnlyList<CrawlReport>> RunAsync(
        IReadOnlyList<SourceDefinition> selected, Action<CrawlReport>? progress, CancellationToken cancellationToken)
    {
        var reports = new List<CrawlReport>();
        var byHost = selected.GroupBy(crawler.HostOf);
        await Parallel.ForEachAsync(byHost,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentFetches), CancellationToken = cancellationToken },
            async (group, token) =>
            {
                foreach (var source in group)
                {
                    var report = await crawler.CrawlAsync(source, token);
                    lock (reports)
                    {
                        reports.Add(report);
                        progress?.Invoke(report);
                    }
                }
            });
        return reports;
    }
}
