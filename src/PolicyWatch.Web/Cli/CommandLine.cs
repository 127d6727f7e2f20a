namespace PolicyWatch.Web.Cli;

/// <summary>What the user asked for on the command line.</summary>
/// <param name="Database">
/// <c>--db</c>: a SQLite path, or a PostgreSQL connection string or URI; null when not given, and then the setting
/// <c>Storage:Database</c> decides (<see cref="Hosting.StorageOptions.Choose"/>).
/// </param>
public sealed record CommandLine(
    string Command,
    string FeedsPath,
    string? Database,
    string? Source,
    bool Json,
    string? Target,
    IReadOnlyList<string> HostArgs)
{
    /// <summary><c>--since YYYY-MM-DD</c> (backfill): the horizon, instead of feeds.json's history.since.</summary>
    public DateOnly? Since { get; init; }

    /// <summary><c>--from PATH</c> (copy-db): the SQLite file to copy; the one <c>--db</c> (or <c>Storage:Database</c>) names when not given.</summary>
    public string? From { get; init; }

    /// <summary><c>--to DATABASE</c> (copy-db): the PostgreSQL database to copy into, a connection string or a URI.</summary>
    public string? To { get; init; }

    /// <summary><c>--rebuild</c> (stories): forget every story and assign every item afresh.</summary>
    public bool Rebuild { get; init; }

    public static readonly string[] Commands = ["serve", "crawl", "backfill", "parse", "check-config", "retag", "stories", "backup", "import-opml", "export-opml", "copy-db", "help"];

    public const string Usage =
        """
        PolicyWatch: tracks online-safety and encryption policy.

        Usage: PolicyWatch.Web [command] [options]

        Commands:
          serve                 run the site and the scheduled crawler (default)
          crawl [--source ID]   crawl every source (or one) once, with a progress line per source
          backfill [--source ID] [--since YYYY-MM-DD]
                                walk every feed source's history (or one's) back to the horizon now
          parse FILE|URL [--json] print what the feed parser reads from a feed (--json: all of it)
          check-config          validate feeds.json and list every error
          retag                 re-apply feeds.json's tagging rules to every stored item
          stories [--rebuild]   assign stories to stored items that have none yet (--rebuild: all afresh)
          backup PATH           write a consistent copy of the SQLite database to PATH (safe while serving)
          import-opml FILE --jurisdiction CODE [--every 1h] [--keep all|matching]
                                add an OPML's feeds to feeds.json as sources (a backup is written first)
          export-opml [FILE]    write the configured sources as OPML (stdout without FILE)
          copy-db --to DATABASE [--from PATH]
                                copy the SQLite database (--from, else --db) into an empty PostgreSQL
                                database (a postgresql:// URI or a connection string), all or nothing
          help                  show this text

        Options (every command):
          --feeds PATH          the configuration file (default ./feeds.json)
          --db DATABASE         a SQLite file (default ./data/policywatch.db, or the setting Storage:Database)
                                or a PostgreSQL database: a postgresql:// URI or a connection string
        serve also takes ASP.NET Core's options, e.g. --urls http://127.0.0.1:8080

        Exit codes: 0 success; 1 some sources failed (crawl, backfill), nothing could be read (parse) or the
        copy failed and was undone (copy-db); 2 invalid configuration or usage, or a copy refused (the target
        is not empty); 3 the database cannot be used.
        """;

    /// <summary>Parses args; options it does not know are left for the host (ASP.NET Core configuration).</summary>
    /// <exception cref="ArgumentException">The command line cannot be understood.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? command = null, source = null, target = null, since = null, from = null, to = null;
        string feeds = "feeds.json";
        string? db = null;
        var (json, rebuild) = (false, false);
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--feeds": feeds = Value(args, ref i); break;
                case "--db": db = Value(args, ref i); break;
                case "--source": source = Value(args, ref i); break;
                case "--since": since = Value(args, ref i); break;
                case "--from": from = Value(args, ref i); break;
                case "--to": to = Value(args, ref i); break;
                case "--json": json = true; break;
                case "--rebuild": rebuild = true; break;
                case "-h" or "--help": command = "help"; break;
                case not null when arg.StartsWith('-'):
                    hostArgs.Add(arg);
                    if (i + 1 < args.Count && !args[i + 1].StartsWith('-') && !arg.Contains('=')) hostArgs.Add(args[++i]);
                    break;
                case not null when command is null && Commands.Contains(arg): command = arg; break;
                case not null when command is "parse" or "backup" or "import-opml" or "export-opml" && target is null: target = arg; break;
                default: throw new ArgumentException($"unexpected argument \"{arg}\"");
            }
        }
        command ??= "serve";
        if (command == "parse" && target is null) throw new ArgumentException("parse needs a FILE or URL");
        if (command == "backup" && target is null) throw new ArgumentException("backup needs the PATH of the copy to write");
        if (command == "import-opml" && target is null) throw new ArgumentException("import-opml needs an OPML FILE");
        if (source is not null && command is not ("crawl" or "backfill")) throw new ArgumentException("--source is only for crawl and backfill");
        if (since is not null && command != "backfill") throw new ArgumentException("--since is only for backfill");
        if ((from ?? to) is not null && command != "copy-db") throw new ArgumentException("--from and --to are only for copy-db");
        if (command == "copy-db" && to is null) throw new ArgumentException("copy-db needs --to, the PostgreSQL database to copy into");
        if (to is not null && !Storage.Postgres.PostgresConnectionString.IsPostgres(to))
            throw new ArgumentException("--to must name a PostgreSQL database: a postgresql:// URI or a connection string such as Host=db;Database=policywatch;Username=pw");
        if (rebuild && command != "stories") throw new ArgumentException("--rebuild is only for stories");
        return new CommandLine(command, feeds, db, source, json, target, hostArgs) { Since = since is null ? null : Day(since), From = from, To = to, Rebuild = rebuild };
    }

    private static DateOnly Day(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
        && day.Year is >= 1990 and <= 2200
            ? day
            : throw new ArgumentException($"--since \"{text}\" is not a day such as 2020-01-01 (YYYY-MM-DD, from 1990)");

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"{args[i]} needs a value");
        return args[++i];
    }
}
