using PolicyWatch.Storage;
using PolicyWatch.Storage.Postgres;
using PolicyWatch.Storage.Postgres.Copying;
using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Web.Cli;

/// <summary>
/// <c>copy-db --to DATABASE [--from PATH]</c>: copies a SQLite database into an empty PostgreSQL one, all or nothing,
/// with a line per table and the counts checked at the end (<see cref="DatabaseCopy"/>). Stopping it (Ctrl+C) at any
/// point leaves the target as it was: the copy is one transaction, which PostgreSQL rolls back when the connection goes.
/// </summary>
public static class CopyDbCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        var from = commandLine.From ?? StorageOptions.Choose(commandLine);
        if (commandLine.From is null && PostgresConnectionString.IsPostgres(from))
        {
            // Never echo it: a connection string holds a password, and a path made of one would print it.
            await Console.Error.WriteLineAsync($"error: copy-db copies a SQLite file into PostgreSQL, and {(commandLine.Database is null ? "Storage:Database" : "--db")} " +
                                               "names a PostgreSQL database: give the SQLite file with --from PATH");
            return CliApp.BadInput;
        }
        DatabaseCopy copy;
        try
        {
            copy = new DatabaseCopy(from, commandLine.To!);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"error: --to: {e.Message}");
            return CliApp.BadInput;
        }

        Console.WriteLine($"Copying {copy.Source} into {copy.Target}");
        var live = !Console.IsOutputRedirected;
        try
        {
            var report = await copy.RunAsync(new LineProgress(progress => Show(progress, live)), CancellationToken.None);
            Console.WriteLine($"Verified: every table holds as many rows in {report.Target} as in the SQLite file.");
            var identities = report.Tables.Where(t => t.NextId is not null).Select(t => $"{t.Name} from {t.NextId}").ToList();
            if (identities.Count > 0) Console.WriteLine($"New rows are numbered after the highest id SQLite ever gave: {string.Join(", ", identities)}.");
            if (report.NulsReplaced > 0)
                Console.WriteLine($"{report.NulsReplaced} texts held a NUL character, which PostgreSQL cannot store: each was written as U+FFFD.");
            Console.WriteLine($"Done: {report.Rows} rows in {report.Tables.Count} tables in {report.Elapsed.TotalSeconds:0.0} s.");
            return CliApp.Ok;
        }
        catch (CopyRefusedException e)
        {
            if (live) Console.WriteLine();
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return CliApp.BadInput;
        }
        catch (CopyFailedException e)
        {
            if (live) Console.WriteLine();
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return CliApp.SomeFailed;
        }
        catch (DatabaseUnusableException e)
        {
            await Console.Error.WriteLineAsync(e is DatabaseUnreachableException unreachable
                ? $"error: {unreachable.Path} cannot be used: {e.Message}"
                : $"error: {e.Message}");
            return CliApp.DatabaseUnusable;
        }
    }

    /// <summary>A line per table once it is done; on a terminal, a live count while it is copied.</summary>
    private static void Show(CopyProgress progress, bool live)
    {
        var width = progress.Tables.ToString().Length;
        var line = $"[{progress.Number.ToString().PadLeft(width)}/{progress.Tables}] {progress.Table,-20} " + (progress.Done
            ? $"{progress.Rows,10} rows"
            : $"{progress.Rows,10}/{progress.Total} rows ({(progress.Total == 0 ? 100 : progress.Rows * 100 / progress.Total)}%)");
        if (progress.Done) Console.WriteLine(live ? $"\r{line,-70}" : line);
        else if (live) Console.Write($"\r{line}");
        else if (progress.Rows > 0 && progress.Rows < progress.Total && progress.Rows % (DatabaseCopy.ProgressEvery * 10) == 0) Console.WriteLine(line);
    }

    /// <summary>Reports on the caller's thread: Progress&lt;T&gt; would post to the thread pool and print out of order.</summary>
    private sealed class LineProgress(Action<CopyProgress> write) : IProgress<CopyProgress>
    {
        public void Report(CopyProgress value) => write(value);
    }
}
