using PolicyWatch.Web.Api;
using PolicyWatch.Web.Cli;
using PolicyWatch.Web.Exports;
using PolicyWatch.Web.Feeds;
using PolicyWatch.Syndication;
using PolicyWatch.Web.Jobs;
using PolicyWatch.Storage;
using Quartz;

namespace PolicyWatch.Web.Hosting;

/// <summary>Builds the web application: pages, API, health check and the Quartz scheduler.</summary>
public static class WebHost
{
    public static async Task<WebApplication> BuildAsync(CommandLine commandLine, CancellationToken cancellationToken = default)
    {
        var (catalog, database) = await Bootstrap.PrepareAsync(commandLine, cancellationToken);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = commandLine.HostArgs.ToArray(),
            // Pages are found in this assembly even when a test process hosts the app.
            ApplicationName = typeof(WebHost).Assembly.GetName().Name,
            // Static files and Razor views come from the build output, wherever the command is run from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://localhost:5000");
        builder.AddSiteHosts();
        builder.Services.AddPolicyWatch(builder.Configuration, catalog, database);
        builder.Services.AddSingleton(builder.Configuration.GetSection("Feeds").Get<FeedOptions>() ?? new FeedOptions());
        builder.Services.AddRazorPages(pages => pages.Conventions.ConfigureFilter(new PageMethods()));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new UtcDateTimeConverter()));
        AddScheduler(builder, database);

        var app = builder.Build();
        // A name not listed is a bare 400, logged below Warning: say at start which names are answered.
        app.Logger.LogInformation("Answering requests for the host names {AllowedHosts} (setting AllowedHosts)", app.Configuration["AllowedHosts"]);
        // Which node this is, on which database, and whether it crawls: the first thing to know when several share one.
        app.Logger.LogInformation("Node {Node} on {Database}: {Crawl}", app.Services.GetRequiredService<PolicyWatch.Crawling.CrawlOptions>().Node, database.Description,
            app.Configuration.GetValue("Crawl:Enabled", true) ? "crawling on schedule" : "web only, nothing crawled (Crawl:Enabled=false)");
        app.UseSecurityHeaders();
        app.UseSiteHosts();
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        app.UseStaticFiles();
        app.MapRazorPages();
        var endpoints = app.MapGroupAnsweringHead();
        endpoints.MapItemsApi();
        endpoints.MapDossiersApi();
        endpoints.MapExports();
        endpoints.MapFeeds();
        endpoints.MapGet("/healthz", HealthCheck.RespondAsync);
        return app;
    }

    private static void AddScheduler(WebApplicationBuilder builder, Database database)
    {
        var wakeEvery = builder.Configuration.GetValue("Crawl:WakeEvery", TimeSpan.FromMinutes(1));
        if (!builder.Configuration.GetValue("Crawl:Enabled", true)) return;
        var history = builder.Configuration.GetSection("History").Get<PolicyWatch.History.HistoryOptions>() ?? new PolicyWatch.History.HistoryOptions();
        var archive = builder.Configuration.GetSection("Archive").Get<PolicyWatch.Archiving.ArchiveOptions>() ?? new PolicyWatch.Archiving.ArchiveOptions();
        var node = builder.Configuration.GetSection("Crawl").Get<PolicyWatch.Crawling.CrawlOptions>()?.Node ?? Environment.MachineName;
        var shared = database.SharedSchedulerConnectionString;
        builder.Services.AddQuartz(quartz =>
        {
            if (shared is not null) UseClusteredStore(quartz, shared, node);
            // Every node crawls: on a shared database each node has a crawl job of its own, in an execution group only
            // that node serves, and the claims share the due sources out (SourceStore.ClaimDueAsync). The other jobs are
            // the cluster's: each firing runs on one node, whichever is free.
            var crawl = shared is null ? "crawl" : $"crawl-{node}";
            quartz.ScheduleJob<CrawlJob>(
                trigger =>
                {
                    trigger.WithIdentity($"{crawl}-due-sources").StartNow().WithSimpleSchedule(s => s.WithInterval(wakeEvery).RepeatForever());
                    if (shared is not null) trigger.WithExecutionGroup(CrawlGroup(node));
                },
                job => job.WithIdentity(crawl));
            quartz.ScheduleJob<StoryJob>(
                trigger => trigger.WithIdentity("assign-earlier-stories").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(wakeEvery).RepeatForever()),
                job => job.WithIdentity("stories"));
            if (history.Enabled)
                quartz.ScheduleJob<HistoryJob>(
                    trigger => trigger.WithIdentity("walk-history").StartNow()
                        .WithSimpleSchedule(s => s.WithInterval(history.WakeEvery).RepeatForever()),
                    job => job.WithIdentity("history"));
            if (archive.Enabled)
                quartz.ScheduleJob<ArchiveJob>(
                    trigger => trigger.WithIdentity("archived-copies").StartNow()
                        .WithSimpleSchedule(s => s.WithInterval(archive.WakeEvery).RepeatForever()),
                    job => job.WithIdentity("archive"));
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
    }

    /// <summary>The execution group of a node's crawl job: served by that node alone.</summary>
    private static string CrawlGroup(string node) => $"crawl:{node}";

    /// <summary>
    /// On a database several nodes share, the schedule is in it (the qrtz_ tables PostgreSQL's migrations create) and
    /// the nodes' schedulers are one cluster: each firing of a job runs on one node, and a node that stops checking in
    /// has its jobs taken over by another. Jobs are declared by every node on start and replace the stored ones, so a
    /// changed interval in the settings takes effect. The instance id is the node's name (Crawl:Node), which must
    /// differ between nodes, so the cluster's tables say which node is which.
    /// </summary>
    private static void UseClusteredStore(IQuartzBuilder quartz, string connectionString, string node)
    {
        quartz.ConfigureScheduler(scheduler =>
        {
            scheduler.InstanceName = "PolicyWatch"; // the same on every node: it names the cluster in the qrtz_ tables
            scheduler.InstanceId = node;
        });
        // The cluster's jobs (no group) and this node's own crawl.
        quartz.ServeExecutionGroups("_", CrawlGroup(node));
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(connectionString);
            store.ConfigureStore(options =>
            {
                options.TablePrefix = "qrtz_";
                options.StoreJobDataAsStrings = true;
            });
            // A node that stops checking in for 20 s is taken for dead and its jobs run elsewhere.
            store.UseClustering(cluster =>
            {
                cluster.CheckinInterval = TimeSpan.FromSeconds(5);
                cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
            });
        });
    }
}
