using System.Globalization;
using System.Xml;
using PolicyWatch.Catalog;
using PolicyWatch.Syndication;

namespace PolicyWatch.Web.Cli;

/// <summary><c>import-opml</c> and <c>export-opml</c>: sources in and out of feeds.json as OPML 2.0.</summary>
public static class OpmlCommands
{
    /// <summary>Nothing is written unless every outline is acceptable and the resulting file loads.</summary>
    public static async Task<int> ImportAsync(CommandLine commandLine)
    {
        var options = Options(commandLine.HostArgs);
        if (!options.TryGetValue("--jurisdiction", out var jurisdiction))
            return await FailAsync("import-opml needs --jurisdiction CODE (the jurisdiction every imported source gets)");
        var keep = options.GetValueOrDefault("--keep", "all");
        if (keep is not ("all" or "matching")) return await FailAsync("--keep must be all or matching");

        IReadOnlyList<OpmlOutline> outlines;
        try
        {
            await using var opml = File.OpenRead(commandLine.Target!);
            outlines = Opml.Read(opml);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            return await FailAsync($"{commandLine.Target} cannot be read as OPML: {e.Message}");
        }
        var feedsText = await File.ReadAllTextAsync(commandLine.FeedsPath);
        var plan = OpmlImport.Plan(feedsText, commandLine.FeedsPath, outlines,
            new OpmlImportSettings(jurisdiction, options.GetValueOrDefault("--every", "1h"), keep));
        foreach (var note in plan.Notes) Console.WriteLine($"note: {note}");
        if (plan.FeedsJson is null)
        {
            foreach (var error in plan.Errors) await Console.Error.WriteLineAsync($"error: {error}");
            await Console.Error.WriteLineAsync($"nothing was written; {commandLine.FeedsPath} is unchanged.");
            return CliApp.BadInput;
        }
        var backup = $"{commandLine.FeedsPath}.bak-{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        File.Copy(commandLine.FeedsPath, backup, overwrite: false);
        // Write beside, then replace: a crash never leaves a half-written feeds.json.
        var temporary = commandLine.FeedsPath + ".importing";
        await File.WriteAllTextAsync(temporary, plan.FeedsJson);
        File.Move(temporary, commandLine.FeedsPath, overwrite: true);
        Console.WriteLine($"added {plan.AddedIds.Count} source(s) to {commandLine.FeedsPath}: {string.Join(", ", plan.AddedIds)}");
        Console.WriteLine($"backup: {backup}");
        return CliApp.Ok;
    }

    public static async Task<int> ExportAsync(CommandLine commandLine)
    {
        var catalog = await CatalogLoader.LoadFileAsync(commandLine.FeedsPath);
        var outlines = Opml.Sources(catalog);
        if (commandLine.Target is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await Opml.WriteAsync("PolicyWatch sources", DateTimeOffset.UtcNow, outlines, stdout);
            return CliApp.Ok;
        }
        await using (var file = File.Create(commandLine.Target))
            await Opml.WriteAsync("PolicyWatch sources", DateTimeOffset.UtcNow, outlines, file);
        Console.WriteLine($"wrote {catalog.Sources.Count} sources to {commandLine.Target}");
        return CliApp.Ok;
    }

    /// <summary>The command's own options, which the shared parser leaves with the host arguments.</summary>
    private static Dictionary<string, string> Options(IReadOnlyList<string> hostArgs)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < hostArgs.Count; i++)
            if (hostArgs[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < hostArgs.Count && !hostArgs[i + 1].StartsWith('-'))
                options[hostArgs[i]] = hostArgs[++i];
        return options;
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return CliApp.BadInput;
    }
}
