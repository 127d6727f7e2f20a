using PolicyWatch.Storage;
using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Web.Cli;

/// <summary>
/// <c>stories [--rebuild]</c>: assigns every stored item not yet in a story's reckoning (items stored before stories
/// existed; new items are assigned as they are stored), with progress. <c>--rebuild</c> forgets every story first.
/// </summary>
public static class StoriesCommand
{
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        var (_, database) = await Bootstrap.PrepareAsync(commandLine, CancellationToken.None);
        if (commandLine.Rebuild) await StoryStore.ClearAsync(database, CancellationToken.None);
        var total = await StoryStore.CountPendingAsync(database, CancellationToken.None);
        var interactive = !Console.IsOutputRedirected;
        var report = await StoryStore.AssignPendingAsync(database, total, BatchSize, TimeProvider.System.GetUtcNow(),
            done => Progress(done, total, interactive), CancellationToken.None);
        if (interactive && total > 0) Console.WriteLine();
        Console.WriteLine($"Assigned {report.Assigned} items: {report.Joined} joined a story.");
        return CliApp.Ok;
    }

    private static void Progress(long done, long total, bool interactive)
    {
        var line = $"{done}/{total} items ({(total == 0 ? 100 : done * 100 / total)}%)";
        if (interactive) Console.Write($"\r{line}");
        else if (done % (BatchSize * 100) == 0 || done == total) Console.WriteLine(line);
    }
}
