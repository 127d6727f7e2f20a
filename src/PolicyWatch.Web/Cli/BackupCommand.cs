using PolicyWatch.Storage;
using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Web.Cli;

/// <summary><c>backup PATH</c>: a consistent copy of the SQLite database, safe to take while the site runs.</summary>
public static class BackupCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        var database = StorageOptions.Open(commandLine);
        if (database.Provider == DatabaseProvider.Postgres)
        {
            // A usage error, not a failure: the command copies a SQLite file, and PostgreSQL has its own tools.
            await Console.Error.WriteLineAsync(
                $"error: backup copies a SQLite file, and the database is {database.Description}: back it up with PostgreSQL's own tools, " +
                "pg_dump (pg_dump --format=custom --file=policywatch.dump 'postgresql://…') or the server's base backups");
            return CliApp.BadInput;
        }
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
