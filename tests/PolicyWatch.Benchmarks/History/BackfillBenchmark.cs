using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyWatch.History;
using PolicyWatch.Web.Hosting;
using WebCommandLine = PolicyWatch.Web.Cli.CommandLine;

namespace PolicyWatch.Benchmarks.History;

/// <summary>
/// History's own speed: <c>history [--sources N] [--items N] [--page N]</c> (defaults 50 × 2,000, 50 a page).
/// A local server plays N paged feeds on 127.0.0.1; a fresh database backfills all of them through the
/// real services, with the politeness pause set to zero (the pause is a rule, not a cost of ours).
/// Reports items per second and the process's peak working set.
/// </summary>
internal static class BackfillBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (sources, items, page) = (Option(args, "--sources", 50), Option(args, "--items", 2000), Option(args, "--page", 50));
        await using var server = await StartServerAsync(items, page);
        var folder = Directory.CreateTempSubdirectory("policywatch-backfill-bench-").FullName;
        var feeds = Path.Combine(folder, "feeds.json");
        await File.WriteAllTextAsync(feeds, FeedsJson(server.Urls.First(), sources));
        var commandLine = WebCommandLine.Parse(["backfill", "--feeds", feeds, "--db", Path.Combine(folder, "pw.db")]);
        var (catalog, database) = await Bootstrap.PrepareAsync(commandLine, CancellationToken.None);
        var builder = Host.CreateApplicationBuilder(["--Fetch:AllowedPrivateNetworks:0=127.0.0.0/8", "--History:Pause=00:00:00", "--Logging:LogLevel:Default=Warning"]);
        builder.Services.AddPolicyWatch(builder.Configuration, catalog, database);
        using var host = builder.Build();
        var runner = host.Services.GetRequiredService<HistoryRunner>();

        Console.WriteLine($"Backfilling {sources} sources × {items:N0} items ({page} a page) from {server.Urls.First()}");
        var clock = Stopwatch.StartNew();
        var reports = await runner.RunAsync(runner.Walkable(catalog.Sources), catalog.HistorySince!.Value, int.MaxValue, null, null, now: true, CancellationToken.None);
        clock.Stop();
        var kept = reports.Sum(r => r.Kept);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kept:N0} items kept ({reports.Sum(r => r.Pages):N0} pages) in {clock.Elapsed.TotalSeconds:N1} s: {kept / clock.Elapsed.TotalSeconds:N0} items/s; " +
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB; failed walks: {reports.Count(r => r.Failed)}"));
        Directory.Delete(folder, recursive: true);
        return reports.All(r => !r.Failed) && kept == sources * (items - page) ? 0 : 1;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string FeedsJson(string baseUrl, int sources) =>
        $$"""
        { "history": { "since": "2000-01-01" },
          "jurisdictions": { "eu": "European Union" },
          "dossiers": [ { "id": "eu-csam-regulation", "title": "EU CSAM Regulation", "jurisdiction": "eu", "phrases": ["chat control"] } ],
          "sources": [ {{string.Join(",\n", Enumerable.Range(1, sources).Select(i =>
            $$"""{ "id": "s{{i}}", "name": "Source {{i}}", "url": "{{baseUrl}}/s{{i}}/feed.xml", "jurisdiction": "eu", "every": "1d", "history": "paged" }"""))}} ]
        }
        """;

    /// <summary>/s{n}/feed.xml?page=P: RSS pages of the source's items, newest first, each linking the next.</summary>
    private static async Task<WebApplication> StartServerAsync(int items, int pageSize)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var pages = (items + pageSize - 1) / pageSize;
        app.MapGet("/s{source:int}/feed.xml", (int source, int? page, HttpContext context) =>
        {
            var p = page ?? 1;
            if (p < 1 || p > pages) return Results.NotFound();
            var self = $"{context.Request.Scheme}://{context.Request.Host}/s{source}/feed.xml";
            var body = new StringBuilder($"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Source {source}</title><link>https://example.org/</link><description>bench</description>""");
            if (p < pages) body.Append($"""<atom:link rel="next" href="{self}?page={p + 1}"/>""");
            for (var i = items - (p - 1) * pageSize; i > Math.Max(0, items - p * pageSize); i--)
            {
                var date = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i).ToString("r", CultureInfo.InvariantCulture);
                body.Append($"<item><guid>https://example.org/s{source}/{i}</guid><title>Source {source} item {i} about chat control</title>" +
                            $"<link>https://example.org/s{source}/{i}</link><description>{WebUtility.HtmlEncode($"Item {i}: a paragraph of ordinary length about the regulation and what it means for encryption.")}</description><pubDate>{date}</pubDate></item>");
            }
            return Results.Content(body.Append("</channel></rss>").ToString(), "application/rss+xml");
        });
        await app.StartAsync();
        return app;
    }
}
