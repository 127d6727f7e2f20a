using PolicyWatch.Crawling;
using PolicyWatch.Classifying;
using PolicyWatch.Storage;
using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Web.Cli;

/// <summary><c>retag</c>: re-applies the current rules of feeds.json to every stored item.</summary>
public static class RetagCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        var (catalog, database) = await Bootstrap.PrepareAsync(commandLine, CancellationToken.None);
        var retagger = new Retagger(new RetagStore(database), new Classifier(catalog), catalog);
        var interactive = !Console.IsOutputRedirected;
        var report = await retagger.RunAsync((done, total) => Progress(done, total, interactive), CancellationToken.None);
        if (interactive) Console.WriteLine();
        Console.WriteLine($"Retagged {report.Items} items: {report.Changed} changed.");
        foreach (var (tag, (added, removed)) in report.ByTag.OrderBy(t => t.Key))
            Console.WriteLine($"  {tag,-40} +{added} -{removed}");
        return CliApp.Ok;
    }

    private static void Progress(long done, long total, bool interactive)
    {
        var line = $"{done}/{total} items ({(total == 0 ? 100 : done * 100 / total)}%)";
        if (interactive) Console.Write($"\r{line}");
        else if (done % (Retagger.BatchSize * 100) == 0 || done == total) Console.WriteLine(line);
    }
}
