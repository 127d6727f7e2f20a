using PolicyWatch.Crawling;
using Quartz;

namespace PolicyWatch.Web.Jobs;

/// <summary>
/// Wakes every minute and crawls the sources that are due. The database owns the schedule,
/// so this job keeps no state; one run at a time.
/// </summary>
[DisallowConcurrentExecution]
public sealed class CrawlJob(CrawlRunner runner, ILogger<CrawlJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var reports = await runner.RunDueAsync(cancellationToken);
        if (reports.Count > 0)
            logger.LogInformation("Crawl pass: {Sources} sources, {Failed} failed, {New} new items",
                reports.Count, reports.Count(r => !r.Succeeded), reports.Sum(r => r.New));
    }
}
