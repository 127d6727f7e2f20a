using PolicyWatch.Storage;
using PolicyWatch.Web.Cli;

namespace PolicyWatch.Web.Hosting;

/// <summary>Where PolicyWatch keeps what it crawls: the setting <c>Storage:Database</c>, which <c>--db</c> overrides.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// The database: a SQLite file's path (made when missing), or a PostgreSQL connection string
    /// (<c>Host=db;Database=policywatch;Username=pw</c>) or <c>postgresql://</c> URI, which every node of one site names.
    /// </summary>
    public string Database { get; set; } = Path.Combine("data", "policywatch.db");

    /// <summary>
    /// The database a command works on: <c>--db</c> when given, else the setting, read as the host reads its settings
    /// (<see cref="EarlySettings"/>: environment variables such as <c>Storage__Database</c>, <c>--Storage:Database=…</c>
    /// on the command line).
    /// </summary>
    /// <exception cref="StorageOptionsException">The setting is empty.</exception>
    public static string Choose(CommandLine commandLine)
    {
        if (commandLine.Database is { } given) return given;
        var options = EarlySettings.Read(commandLine).GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();
        return string.IsNullOrWhiteSpace(options.Database)
            ? throw new StorageOptionsException("Storage:Database is empty: give a SQLite path or a PostgreSQL connection string or URI (or --db)")
            : options.Database;
    }

    /// <summary>The database <see cref="Choose"/> names, not opened yet.</summary>
    /// <exception cref="StorageOptionsException">It names PostgreSQL in a way that cannot be read; the message says why (never the password).</exception>
    public static Database Open(CommandLine commandLine)
    {
        var database = Choose(commandLine);
        try
        {
            return new Database(database);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            var option = commandLine.Database is null ? "Storage:Database" : "--db";
            throw new StorageOptionsException($"{option} is not a PostgreSQL connection string or URI that can be used: {e.Message}");
        }
    }
}

/// <summary>A storage setting (or <c>--db</c>) that cannot be used: start-up stops, naming it.</summary>
public sealed class StorageOptionsException(string message) : Exception(message);
