using System.Diagnostics;
using System.Globalization;
using PolicyWatch.Storage;
using WebCommandLine = PolicyWatch.Web.Cli.CommandLine;
using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Benchmarks.Site;

/// <summary>
/// The site's speed at scale: <c>site [--items N] [--db PATH|postgresql://…] [--sqlite PATH] [--requests N] [--concurrency N]
/// [--archived F]</c> (F: the fraction of items with a 2–4 KB archived text, default 0.25).
/// Fills the database (once; a later run reuses it), starts the real host on 127.0.0.1 and measures
/// each view, then the storage queries alone. Nothing leaves the machine: sources are file: URLs.
/// With a PostgreSQL <c>--db</c>, the same items are generated into the SQLite file <c>--sqlite</c> (once) and copied
/// into the empty PostgreSQL database with <c>copy-db</c>'s code, so both engines are measured on identical data.
/// </summary>
internal static class SiteBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = SiteOptions.Parse(args);
        var onPostgres = PolicyWatch.Storage.Postgres.PostgresConnectionString.IsPostgres(options.DatabasePath);
        var sqlitePath = onPostgres ? options.SqlitePath : options.DatabasePath;
        var folder = Path.GetDirectoryName(Path.GetFullPath(sqlitePath))!;
        Directory.CreateDirectory(folder);
        var feeds = SiteDatabaseGenerator.WriteFeedsJson(folder);
        WebCommandLine Serve(string db) => WebCommandLine.Parse(["serve", "--feeds", feeds, "--db", db,
            "--urls", "http://127.0.0.1:0", "--Crawl:WakeEvery=365.00:00:00", "--Logging:LogLevel:Default=Warning",
            // Synthetic items have made-up links: asking the real Internet Archive about them would only load it and the disk.
            "--Archive:Enabled=false"]);

        Console.WriteLine($"Generating {options.Items:N0} items into {sqlitePath}");
        var (_, generated) = await Bootstrap.PrepareAsync(Serve(sqlitePath), CancellationToken.None);
        await SiteDatabaseGenerator.FillAsync(generated, options.Items, options.ArchivedFraction);
        if (onPostgres) await CopyIntoPostgresAsync(sqlitePath, options.DatabasePath);
        var commandLine = Serve(options.DatabasePath);
        var (_, database) = await Bootstrap.PrepareAsync(commandLine, CancellationToken.None);
        Console.WriteLine($"Database: {await DatabaseSizeAsync(database)}");

        await using var app = await WebHost.BuildAsync(commandLine);
        await app.StartAsync();
        var baseAddress = new Uri(app.Urls.First());
        Console.WriteLine($"Host on {baseAddress}; {options.Requests} requests per view, {options.Concurrency} at a time");
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var load = new LoadRun(http, options.Requests, options.Concurrency);
        var itemIds = await ItemIdsAsync(database, 1000);
        await load.RunViewsAsync(itemIds);
        await new StorageRun(new ItemQueries(database), options.Requests, options.Concurrency).RunAsync();
        await app.StopAsync();
        Console.WriteLine($"Database: {await DatabaseSizeAsync(database)}");
        return 0;
    }

    /// <summary>The generated items into an empty PostgreSQL database, as <c>copy-db</c> does; a database that holds them already is kept.</summary>
    private static async Task CopyIntoPostgresAsync(string sqlitePath, string postgres)
    {
        var target = new Database(postgres);
        await target.MigrateAsync();
        await using (var connection = await target.OpenAsync())
            if (await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT count(*) FROM items") > 0)
            {
                Console.WriteLine($"{target.Description} holds items already: measured as it is");
                return;
            }
        Console.WriteLine($"Copying {sqlitePath} into {target.Description}");
        var report = await new PolicyWatch.Storage.Postgres.Copying.DatabaseCopy(sqlitePath, postgres).RunAsync(
            new Progress<PolicyWatch.Storage.Postgres.Copying.CopyProgress>(p => Console.Write($"\r  {p.Table} ({p.Number}/{p.Tables}): {p.Rows:N0} / {p.Total:N0}   ")));
        Console.WriteLine($"\n  copied {report.Rows:N0} rows in {report.Elapsed:mm\\:ss}; analyzing…");
        await using (var connection = await target.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "VACUUM ANALYZE", commandTimeout: 3600);
    }

    private static async Task<long[]> ItemIdsAsync(Database database, int count)
    {
        await using var connection = await database.OpenAsync();
        var max = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT max(id) FROM items");
        var random = new Random(7);
        return Enumerable.Range(0, count).Select(_ => 1 + random.NextInt64(max)).ToArray();
    }

    private static async Task<string> DatabaseSizeAsync(Database database)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await using var connection = await database.OpenAsync();
            var size = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT pg_database_size(current_database())");
            return string.Create(CultureInfo.InvariantCulture, $"{size / 1e9:N2} GB ({size:N0} bytes, pg_database_size)");
        }
        long Size(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;
        var bytes = Size(database.Path) + Size(database.Path + "-wal");
        return string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:N2} GB ({bytes:N0} bytes, WAL included)");
    }

    private sealed record SiteOptions(int Items, string DatabasePath, int Requests, int Concurrency, double ArchivedFraction)
    {
        /// <summary>With a PostgreSQL <see cref="DatabasePath"/>: the SQLite file the items are generated into first.</summary>
        public string SqlitePath { get; init; } = "/tmp/pw-bench/policywatch.db";

        public static SiteOptions Parse(string[] args)
        {
            var options = new SiteOptions(1_000_000, "/tmp/pw-bench/policywatch.db", 300, 2, 0.25);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--items" => options with { Items = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--db" => options with { DatabasePath = args[i + 1] },
                    "--sqlite" => options with { SqlitePath = args[i + 1] },
                    "--requests" => options with { Requests = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--concurrency" => options with { Concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--archived" => options with { ArchivedFraction = double.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"unknown option {args[i]}; use --items N --db PATH|postgresql://… --sqlite PATH --requests N --concurrency N --archived F"),
                };
            }
            return options;
        }
    }
}
