using PolicyWatch.Storage;
using Quartz;

namespace PolicyWatch.Web.Jobs;

/// <summary>
/// Assigns stories to items stored before stories existed, a bounded number per turn, so an upgraded database gets
/// its stories in the background without holding the write lock for long (new items are assigned as they are stored).
/// </summary>
[DisallowConcurrentExecution]
public sealed class StoryJob(Database database, TimeProvider time, ILogger<StoryJob> logger) : IJob
{
    /// <summary>Items assigned per turn, 500 per transaction.</summary>
    public const int ItemsPerTurn = 10_000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var report = await StoryStore.AssignPendingAsync(database, ItemsPerTurn, 500, time.GetUtcNow(), null, cancellationToken);
        if (report.Assigned > 0)
            logger.LogInformation("Stories: {Assigned} earlier items assigned, {Joined} of them joined a story", report.Assigned, report.Joined);
    }
}
