using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PolicyWatch.Storage.Postgres;
using Quartz;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>One node's Quartz scheduler on the clustered PostgreSQL job store, as the nodes of a cluster will run it.</summary>
internal sealed class QuartzNode : IAsyncDisposable
{
    private const string SchedulerName = "policywatch-test";

    private readonly ServiceProvider _services;

    private QuartzNode(ServiceProvider services, IScheduler scheduler) => (_services, Scheduler) = (services, scheduler);

    public IScheduler Scheduler { get; }

    public static async Task<QuartzNode> StartAsync(string connectionString, string instanceId)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => (scheduler.InstanceName, scheduler.InstanceId) = (SchedulerName, instanceId));
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(NpgsqlFactory.Instance, connectionString);
                store.UseClustering();
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(options => options.TablePrefix = QuartzSchema.TablePrefix);
            });
        });
        var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Start();
        return new QuartzNode(provider, scheduler);
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.Shutdown(waitForJobsToComplete: false);
        await _services.DisposeAsync();
    }

    public sealed class NothingJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
