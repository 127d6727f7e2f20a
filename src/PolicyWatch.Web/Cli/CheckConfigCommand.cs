using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Web.Cli;

/// <summary><c>check-config</c>: validates feeds.json without touching the database.</summary>
public static class CheckConfigCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        var catalog = await Bootstrap.LoadCatalogAsync(commandLine.FeedsPath, CancellationToken.None);
        Console.WriteLine($"{commandLine.FeedsPath} is valid: {catalog.Jurisdictions.Count} jurisdictions, {catalog.Dossiers.Count} dossiers " +
                          $"({catalog.Dossiers.Sum(d => d.Milestones.Count)} milestones), {catalog.Topics.Count} topics, {catalog.Sources.Count} sources.");
        return CliApp.Ok;
    }
}
