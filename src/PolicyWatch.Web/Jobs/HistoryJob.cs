using PolicyWatch.History;
using Quartz;

namespace PolicyWatch.Web.Jobs;

/// <summary>
/// Gives history a turn: every source whose walk is unfinished reads up to History:MaxPagesPerRun
/// pages, one source at a time, through the same host gate as crawls. A separate job from the
/// crawl, so a long walk never delays a due crawl; one run at a time.
/// </summary>
[DisallowConcurrentExecution]
public sealed class HistoryJob(HistoryRunner runner, ILogger<HistoryJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var reports = await runner.RunTurnAsync(cancellationToken);
        if (reports.Any(r => r.Pages > 0))
            logger.LogInformation("History turn: {Pages} pages over {Sources} sources, {Kept} items recovered",
                reports.Sum(r => r.Pages), reports.Count(r => r.Pages > 0), reports.Sum(r => r.Kept));
    }
}
