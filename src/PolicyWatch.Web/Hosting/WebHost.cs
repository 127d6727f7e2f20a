using PolicyWatch.Web.Api;
using PolicyWatch.Web.Cli;
using PolicyWatch.Web.Exports;
using PolicyWatch.Web.Feeds;
using PolicyWatch.Syndication;
using PolicyWatch.Web.Jobs;
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
        AddScheduler(builder);

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

    private static void AddScheduler(WebApplicationBuilder builder)
    {
        var wakeEvery = builder.Configuration.GetValue("Crawl:WakeEvery", TimeSpan.FromMinutes(1));
        if (!builder.Configuration.GetValue("Crawl:Enabled", true)) return;
        var history = builder.Configuration.GetSection("History").Get<PolicyWatch.History.HistoryOptions>() ?? new PolicyWatch.History.HistoryOptions();
        var archive = builder.Configuration.GetSection("Archive").Get<PolicyWatch.Archiving.ArchiveOptions>() ?? new PolicyWatch.Archiving.ArchiveOptions();
        builder.Services.AddQuartz(quartz =>
        {
            quartz.ScheduleJob<CrawlJob>(
                trigger => trigger.WithIdentity("crawl-due-sources").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(wakeEvery).RepeatForever()),
                job => job.WithIdentity("crawl"));
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
}
