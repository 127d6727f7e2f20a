using PolicyWatch.History;
using PolicyWatch.Storage;
using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Web.Cli;

/// <summary>
/// <c>backfill [--source ID] [--since YYYY-MM-DD]</c>: walks the history of every feed source (or
/// one) back to the horizon now, with a live progress line per source and a summary. Resumes where
/// an earlier walk stopped; a finished walk is not redone.
/// </summary>
public static class BackfillCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var (catalog, database) = await Bootstrap.PrepareAsync(commandLine, cancel.Token);
        if ((commandLine.Since ?? catalog.HistorySince) is not { } since)
        {
            await Console.Error.WriteLineAsync($"error: no horizon: set \"history\": {{ \"since\": \"2020-01-01\" }} in {commandLine.FeedsPath} or pass --since YYYY-MM-DD");
            return CliApp.BadInput;
        }
        var builder = Host.CreateApplicationBuilder(commandLine.HostArgs.ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning); // the progress lines say what the info logs would
        builder.Services.AddPolicyWatch(builder.Configuration, catalog, database);
        using var host = builder.Build();
        var runner = host.Services.GetRequiredService<HistoryRunner>();
        var selected = runner.Walkable(commandLine.Source is null ? catalog.Sources : catalog.Sources.Where(s => s.Id == commandLine.Source));
        if (selected.Count == 0)
        {
            await Console.Error.WriteLineAsync(commandLine.Source is null
                ? "error: no feed source has history to walk"
                : $"error: no feed source with id \"{commandLine.Source}\" and history in {commandLine.FeedsPath}");
            return CliApp.BadInput;
        }

        Console.WriteLine($"Walking the history of {selected.Count} source{(selected.Count == 1 ? "" : "s")} back to {since:yyyy-MM-dd} into {database.Description}");
        var live = !Console.IsOutputRedirected;
        var done = 0;
        var progress = new LineProgress(report => { if (live) Console.Write($"\r{Line(done + 1, selected.Count, report)}"); });
        var reports = await runner.RunAsync(selected, since, int.MaxValue, progress, report =>
        {
            Console.WriteLine($"{(live ? "\r" : "")}{Line(++done, selected.Count, report)}");
        }, now: true, cancel.Token);
        var failed = reports.Where(r => r.Failed).ToList();
        Console.WriteLine($"Done: {reports.Count - failed.Count} finished or had nothing, {failed.Count} failed; " +
                          $"{reports.Sum(r => r.Pages)} pages, {reports.Sum(r => r.Found)} items found, {reports.Sum(r => r.Kept)} new items kept.");
        return failed.Count == 0 ? CliApp.Ok : CliApp.SomeFailed;
    }

    internal static string Line(int done, int total, HistoryReport report)
    {
        var width = total.ToString().Length;
        var walk = report.Walk;
        var state = walk.Status switch
        {
            HistoryStatus.Finished => "finished",
            HistoryStatus.Failed => "failed",
            _ when walk.Error is not null => "paused",
            _ => "walking",
        };
        var oldest = walk.OldestAt is { } at ? $", oldest {at:yyyy-MM-dd}" : "";
        var error = walk.Error is null ? "" : $"  {walk.Error}";
        return $"[{done.ToString().PadLeft(width)}/{total}] {report.SourceId,-28} {walk.Method ?? "-",-10} {state,-9} " +
               $"{report.Pages} pages, {report.Found} found, {report.Kept} kept{oldest}{error}";
    }

    /// <summary>Reports on the caller's thread: Progress&lt;T&gt; would post to the thread pool and print out of order.</summary>
    private sealed class LineProgress(Action<HistoryReport> write) : IProgress<HistoryReport>
    {
        public void Report(HistoryReport value) => write(value);
    }
}
