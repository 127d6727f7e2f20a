using PolicyWatch.Storage;

namespace PolicyWatch.Web.Cli;

/// <summary><c>backup PATH</c>: a consistent copy of the database, safe to take while the site runs.</summary>
public static class BackupCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        var database = new Database(commandLine.DatabasePath);
        if (!File.Exists(database.Path))
        {
            await Console.Error.WriteLineAsync($"error: there is no database at {database.Path} to back up");
            return CliApp.BadInput;
        }
        try
        {
            await database.BackupAsync(commandLine.Target!);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return CliApp.BadInput;
        }
        Console.WriteLine($"Backed up {database.Path} to {Path.GetFullPath(commandLine.Target!)} ({new FileInfo(commandLine.Target!).Length / 1024.0:0.#} KiB).");
        return CliApp.Ok;
    }
}
