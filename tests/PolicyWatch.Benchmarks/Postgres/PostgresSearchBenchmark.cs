using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using PolicyWatch.Benchmarks.Site;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Postgres;
using PolicyWatch.Storage.Postgres.Search;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Benchmarks.Postgres;

/// <summary>
/// Search on PostgreSQL at scale: <c>pgsearch --database CONNECTION [--items N] [--requests N] [--concurrency N]
/// [--archived F] [--ranked N]</c> (N: <see cref="ItemQueries.RankedMatches"/>). Fills the database (once; a later run reuses it) with the site benchmark's synthetic items
/// (<see cref="SyntheticCorpus"/>, the same sizes and tags; written with COPY, each item's filter tokens as the stores
/// write them), then measures <see cref="ItemQueries.PageAsync(ItemFilter, string?, int, bool, CancellationToken)"/>, which
/// runs a search on PostgreSQL as <see cref="PostgresSearch"/>, for the searches the site benchmark measures on SQLite
/// (<see cref="StorageRun"/>), 50 a page with snippets, tags and stories. Give it a database of its own: it migrates it.
/// </summary>
internal static class PostgresSearchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var database = new PostgresDatabase(options.Database);
        await database.MigrateAsync();
        Console.WriteLine($"Filling {database.Description} to {options.Items:N0} items");
        await FillAsync(database, options.Items, options.ArchivedFraction);

        var queries = new ItemQueries(new Database(options.Database)) { RankedMatches = options.Ranked };
        Console.WriteLine($"ItemQueries.PageAsync, 50 a page with snippets, relevance among the newest {queries.RankedMatches ?? PostgresSearch.DefaultRankedMatches:N0} matches, " +
            $"{options.Requests} requests, {options.Concurrency} at a time:");
        async Task MeasureAsync(string name, ItemFilter filter, bool secondPage = false, bool snippets = true)
        {
            var cursor = secondPage ? (await queries.PageAsync(filter, null, 50)).Next : null;
            await LatencyReport.MeasureAsync(name, options.Requests, options.Concurrency, async _ =>
                (await queries.PageAsync(filter, cursor, 50, snippets)).Items.Count > 0);
        }
        await MeasureAsync("search encryption (relevance)", new ItemFilter { Q = "encryption" });
        await MeasureAsync("search encryption (relevance), no snippets", new ItemFilter { Q = "encryption" }, snippets: false);
        await MeasureAsync("search encryption (relevance), second page", new ItemFilter { Q = "encryption" }, secondPage: true);
        await MeasureAsync("search encryption (date)", new ItemFilter { Q = "encryption", Order = ItemOrder.Date });
        await MeasureAsync("search \"chat control\" + jurisdiction=eu", new ItemFilter { Q = "\"chat control\"", Jurisdiction = "eu" });
        await MeasureAsync("search Chatkontrolle OR décision", new ItemFilter { Q = "Chatkontrolle OR décision" });
        await MeasureAsync("search encrypt* -apple", new ItemFilter { Q = "encrypt* -apple" });
        await MeasureAsync("search encryption + source (2% of items)", new ItemFilter { Q = "encryption", Source = "source-07" });
        await MeasureAsync("search encryption + dossier + kind=legislative",
            new ItemFilter { Q = "encryption", Dossier = "apple-csam-detection", Kind = ItemKind.Legislative });
        await MeasureAsync("search encryption (date) + source", new ItemFilter { Q = "encryption", Source = "source-07", Order = ItemOrder.Date });
        await MeasureAsync("search zarzalejos rapporteur (rare pair)", new ItemFilter { Q = "zarzalejos rapporteur trilogue strasbourg" });
        return 0;
    }

    /// <summary>Adds synthetic items until there are <paramref name="target"/>, in COPYs of 10,000, then vacuums and analyzes.</summary>
    private static async Task FillAsync(PostgresDatabase database, int target, double archivedFraction)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds, next_fetch_at) " +
            "SELECT 'source-' || to_char(n, 'FM00'), 'Synthetic source ' || n, 'file:///dev/null', 'feed', (ARRAY['eu', 'uk', 'us', 'global'])[n % 4 + 1], 86400, '2100-01-01' " +
            $"FROM generate_series(0, {SiteDatabaseGenerator.SourceCount - 1}) n ON CONFLICT DO NOTHING");
        var existing = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM items WHERE guid LIKE 'synthetic-%'");
        if (existing >= target)
        {
            Console.WriteLine($"  the database already holds {existing:N0} synthetic items");
            return;
        }
        var corpus = new SyntheticCorpus(seed: 20261122 + existing);
        var random = corpus.Random;
        var firstDay = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var span = (long)(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc) - firstDay).TotalSeconds;
        var clock = Stopwatch.StartNew();
        for (var start = existing; start < target; start += 10_000)
        {
            await using (var copy = await connection.BeginBinaryImportAsync(
                """
                COPY items (source_id, guid, kind, title, summary_html, summary_text, archived_text, archived_at, published_at,
                            first_seen_at, last_changed_at, content_hash, stage, dossier_id, tag_tokens) FROM STDIN (FORMAT BINARY)
                """))
            {
                for (var n = start; n < Math.Min(start + 10_000, target); n++)
                {
                    var at = firstDay.AddSeconds(random.NextInt64(span));
                    var source = n % SiteDatabaseGenerator.SourceCount;
                    var kind = random.NextDouble() switch { < 0.88 => "article", < 0.99 => "legislative", _ => "milestone" };
                    var dossier = random.NextDouble() < 0.55 ? SiteDatabaseGenerator.Dossiers[random.Next(SiteDatabaseGenerator.Dossiers.Length)] : default;
                    var summary = corpus.Text(250 + random.Next(300));
                    var archived = random.NextDouble() < archivedFraction ? corpus.Text(2000 + random.Next(2000)) : null;
                    var title = corpus.Text(60 + random.Next(40)).TrimEnd('.');
                    await copy.StartRowAsync();
                    await copy.WriteAsync($"source-{source:00}", NpgsqlDbType.Text);
                    await copy.WriteAsync($"synthetic-{n}", NpgsqlDbType.Text);
                    await copy.WriteAsync(kind, NpgsqlDbType.Text);
                    await copy.WriteAsync(title, NpgsqlDbType.Text);
                    await copy.WriteAsync($"<p>{WebUtility.HtmlEncode(summary)}</p>", NpgsqlDbType.Text);
                    await copy.WriteAsync(summary, NpgsqlDbType.Text);
                    await WriteOrNullAsync(copy, archived, NpgsqlDbType.Text);
                    await WriteOrNullAsync(copy, archived is null ? null : (DateTime?)at, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync($"{n:x16}", NpgsqlDbType.Text);
                    await WriteOrNullAsync(copy, kind == "article" ? null : "plenary", NpgsqlDbType.Text);
                    await WriteOrNullAsync(copy, dossier.Id, NpgsqlDbType.Text);
                    await WriteOrNullAsync(copy, SearchTokens.ForTags(Tags(random, source, dossier)), NpgsqlDbType.Text);
                }
                await copy.CompleteAsync();
            }
            var done = Math.Min(start + 10_000, target);
            var rate = (done - existing) / clock.Elapsed.TotalSeconds;
            Console.Write($"\r  {done:N0} / {target:N0} items, {rate:N0}/s, eta {TimeSpan.FromSeconds((target - done) / rate):hh\\:mm\\:ss}   ");
        }
        Console.WriteLine();
        Console.WriteLine("  vacuuming (GIN's pending list into the index) and analyzing…");
        await connection.ExecuteAsync("VACUUM ANALYZE items", commandTimeout: 0);
        var size = await connection.ExecuteScalarAsync<long>("SELECT pg_database_size(current_database())");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  filled in {clock.Elapsed:hh\\:mm\\:ss}; database {size / 1e9:N2} GB"));
    }

    private static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
    {
        if (value is null) await copy.WriteNullAsync();
        else await copy.WriteAsync(value, type);
    }

    /// <summary>The site benchmark's tags: a dossier for about half the items, its jurisdiction (else the source's), sometimes a second one, topics at 15 % each.</summary>
    private static Classification Tags(Random random, int source, (string? Id, string? Jurisdiction) dossier)
    {
        var jurisdictions = new HashSet<string> { dossier.Jurisdiction ?? SiteDatabaseGenerator.Jurisdictions[source % 4] };
        if (random.NextDouble() < 0.2) jurisdictions.Add(SiteDatabaseGenerator.Jurisdictions[random.Next(4)]);
        string[] dossiers = dossier.Id is null ? [] : [dossier.Id];
        var topics = SiteDatabaseGenerator.Topics.Where(_ => random.NextDouble() < 0.15).ToArray();
        return new Classification(dossiers, topics, jurisdictions.ToArray(), []);
    }

    private sealed record Options(string Database, int Items, int Requests, int Concurrency, double ArchivedFraction, int? Ranked)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options("", 1_000_000, 300, 2, 0.25, null);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--database" => options with { Database = args[i + 1] },
                    "--items" => options with { Items = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--requests" => options with { Requests = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--concurrency" => options with { Concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--archived" => options with { ArchivedFraction = double.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--ranked" => options with { Ranked = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"unknown option {args[i]}; use --database CONNECTION --items N --requests N --concurrency N --archived F --ranked N"),
                };
            }
            if (options.Database.Length == 0) throw new ArgumentException("--database is required: a connection string or postgresql:// URI to a database of its own");
            return options;
        }
    }
}
