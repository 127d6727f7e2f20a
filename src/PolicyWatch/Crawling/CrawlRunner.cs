using PolicyWatch.Catalog;
using PolicyWatch.Official;
using PolicyWatch.Storage;

namespace PolicyWatch.Crawling;

/// <summary>
/// Crawls a set of sources with a global cap on fetches in flight: sources are grouped by their
/// feed's host, each group runs in order, groups run in parallel. The grouping keeps a host's
/// sources in order and stops one slow host from taking every slot; the rule of one request per
/// host (article pages included, which often live on another host) is enforced by the
/// <see cref="Fetching.HostGate"/> every <see cref="Fetching.Fetcher"/> shares.
/// </summary>
public sealed class CrawlRunner(PolicyCatalog catalog, SourceStore sources, SourceCrawler crawler, CrawlOptions options, OfficialOptions official, TimeProvider time)
{
    /// <summary>
    /// The sources whose next fetch is due now, as the scheduler runs them. They are taken a few at a time for this
    /// node (<see cref="SourceStore.ClaimDueAsync"/>), so that nodes sharing the database each crawl a share and
    /// never one source at once; a node killed midway gives its share back when <see cref="CrawlOptions.ClaimLease"/> runs out.
    /// </summary>
    public async Task<IReadOnlyList<CrawlReport>> RunDueAsync(CancellationToken cancellationToken)
    {
        var reports = new List<CrawlReport>();
        // A handful per slot keeps every slot busy without taking what another node could be crawling: the sources of
        // as many hosts as there are slots (a host's sources are crawled one after another), the other hosts left.
        var slots = Math.Max(1, options.MaxConcurrentFetches);
        var batch = slots * 4;
        // Once per pass: a source whose outcome could not be recorded (a storage fault) stays due, and must not be
        // taken again and again by the same pass.
        var crawled = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var now = time.GetUtcNow();
            var claimed = await sources.ClaimDueAsync(options.Node, now, now + options.ClaimLease, batch, slots, cancellationToken);
            var fresh = claimed.Where(crawled.Add).ToList();
            if (fresh.Count == 0)
            {
                await sources.ReleaseAsync(options.Node, claimed, CancellationToken.None);
                return reports;
            }
            try
            {
                var definitions = fresh.Select(catalog.FindSource).OfType<SourceDefinition>().ToList();
                reports.AddRange(await RunAsync(definitions, progress: null, cancellationToken));
            }
            finally
            {
                // Stopped midway (shutdown): what was not crawled goes back at once rather than when the lease runs out.
                await sources.ReleaseAsync(options.Node, claimed, CancellationToken.None);
            }
        }
    }

    /// <param name="progress">Told about each source as it finishes (the CLI prints a line).</param>
    public async Task<IReadOnlyList<CrawlReport>> RunAsync(
        IReadOnlyList<SourceDefinition> selected, Action<CrawlReport>? progress, CancellationToken cancellationToken)
    {
        var reports = new List<CrawlReport>();
        var byHost = selected.GroupBy(source => SourceHost.Of(source, official));
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
