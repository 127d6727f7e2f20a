using PolicyWatch.Storage;
using PolicyWatch.Crawling;
using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Web.Cli;

/// <summary><c>crawl [--source ID]</c>: one pass now, whatever the schedule says, with a line per source.</summary>
public static class CrawlCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var (catalog, database) = await Bootstrap.PrepareAsync(commandLine, cancel.Token);
        var selected = commandLine.Source is null ? catalog.Sources : catalog.Sources.Where(s => s.Id == commandLine.Source).ToList();
        if (selected.Count == 0)
        {
            await Console.Error.WriteLineAsync($"error: no source with id \"{commandLine.Source}\" in {commandLine.FeedsPath}");
            return CliApp.BadInput;
        }

        var builder = Host.CreateApplicationBuilder(commandLine.HostArgs.ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning); // the progress lines below say what the info logs would
        builder.Services.AddPolicyWatch(builder.Configuration, catalog, database);
        using var host = builder.Build();
        var runner = host.Services.GetRequiredService<CrawlRunner>();

        Console.WriteLine($"Crawling {selected.Count} source{(selected.Count == 1 ? "" : "s")} into {database.Description}");
        var done = 0;
        var reports = await runner.RunAsync(selected, report => Console.WriteLine(ProgressLine(++done, selected.Count, report)), cancel.Token);
        var failed = reports.Count(r => !r.Succeeded);
        Console.WriteLine($"Done: {reports.Count - failed} succeeded, {failed} failed, {reports.Sum(r => r.New)} new items, " +
                          $"{reports.Sum(r => r.Updated)} updated, {reports.Sum(r => r.Skipped)} skipped as off-topic.");
        return failed == 0 ? CliApp.Ok : CliApp.SomeFailed;
    }

    internal static string ProgressLine(int done, int total, CrawlReport report)
    {
        var width = total.ToString().Length;
        var counter = $"[{done.ToString().PadLeft(width)}/{total}]";
        var status = report.HttpStatus is { } code ? $"{report.Outcome.Describe()} {code}" : report.Outcome.Describe();
        var detail = report.Succeeded
            ? $"{report.New} new, {report.Updated} updated{(report.Skipped > 0 ? $", {report.Skipped} skipped" : "")}" +
              (report.Archived > 0 ? $", {report.Archived} pages archived" : "") + (report.Note is null ? "" : $" ({report.Note})")
            : report.Error;
        return $"{counter} {report.SourceId,-28} {status,-16} {report.Duration.TotalMilliseconds,6:0} ms  {detail}";
    }
}
