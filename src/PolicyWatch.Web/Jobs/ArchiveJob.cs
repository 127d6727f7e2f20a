using PolicyWatch.Archiving;
using Quartz;

namespace PolicyWatch.Web.Jobs;

/// <summary>
/// Gives archived copies a turn: queues new pages to save, looks up due items at the Internet Archive,
/// polls and submits captures, each bounded per turn (Archive:* settings). In its own job, so neither a
/// slow archive nor an unreachable one ever delays a crawl or a page; one run at a time.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ArchiveJob(ArchiveRunner runner, ILogger<ArchiveJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var report = await runner.RunAsync(cancellationToken);
        if (report.DidAnything)
            logger.LogInformation("Archived copies: {Queued} pages queued, {LookedUp} looked up ({Found} found), {Polled} captures polled " +
                "({Saved} saved), {Submitted} submitted, {Failed} failed", report.Queued, report.LookedUp, report.Found, report.Polled,
                report.Saved, report.Submitted, report.Failed);
    }
}
