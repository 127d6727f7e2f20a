using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Web.Cli;

/// <summary>Reads the command line, runs the command, and turns known failures into clear messages and exit codes.</summary>
public static class CliApp
{
    public const int Ok = 0, SomeFailed = 1, BadInput = 2, DatabaseUnusable = 3, Unexpected = 70;

    public static async Task<int> RunAsync(string[] args)
    {
        CommandLine commandLine;
        try
        {
            commandLine = CommandLine.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}{Environment.NewLine}{Environment.NewLine}{CommandLine.Usage}");
            return BadInput;
        }
        try
        {
            return commandLine.Command switch
            {
                "help" => Help(),
                "check-config" => await CheckConfigCommand.RunAsync(commandLine),
                "crawl" => await CrawlCommand.RunAsync(commandLine),
                "backfill" => await BackfillCommand.RunAsync(commandLine),
                "parse" => await ParseCommand.RunAsync(commandLine),
                "retag" => await RetagCommand.RunAsync(commandLine),
                "stories" => await StoriesCommand.RunAsync(commandLine),
                "backup" => await BackupCommand.RunAsync(commandLine),
                "import-opml" => await OpmlCommands.ImportAsync(commandLine),
                "export-opml" => await OpmlCommands.ExportAsync(commandLine),
                "copy-db" => await CopyDbCommand.RunAsync(commandLine),
                _ => await ServeCommand.RunAsync(commandLine),
            };
        }
        catch (Exception e) when (e is CatalogException or PolicyWatch.Fetching.FetchOptionsException or PolicyWatch.Official.OfficialOptionsException
            or PolicyWatch.Archiving.ArchiveOptionsException or StorageOptionsException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }
        catch (DatabaseUnusableException e)
        {
            await Console.Error.WriteLineAsync($"error: {Name(StorageOptions.Open(commandLine))} cannot be used: {e.Message}");
            return DatabaseUnusable;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug: say so plainly, with the details a bug report needs.
            await Console.Error.WriteLineAsync($"error: PolicyWatch failed unexpectedly ({e.GetType().Name}: {e.Message}). Please report this with the details below.{Environment.NewLine}{e}");
            return Unexpected;
        }
    }

    /// <summary>The database as messages name it: the file's path, or the server and database (never the password).</summary>
    private static string Name(Database database) =>
        database.Provider == DatabaseProvider.Postgres ? database.Description : $"the database {database.Description}";

    private static int Help()
    {
        Console.WriteLine(CommandLine.Usage);
        return Ok;
    }
}
