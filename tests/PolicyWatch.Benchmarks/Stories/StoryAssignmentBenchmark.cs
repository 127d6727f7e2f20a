using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Benchmarks.Site;
using PolicyWatch.Storage;

namespace PolicyWatch.Benchmarks.Stories;

/// <summary>
/// Story assignment's own speed: <c>stories [--items N] [--days N]</c> (defaults 100,000 items over 100 days, 50
/// sources). Items of synthetic coverage are written into a fresh database as the store writes them, about a third
/// of them reports of one planted event by several sources within two days; then every item is assigned in order
/// of storing, each only against the candidates its heaviest words find within the window (the path an item takes
/// when it is stored, and the one the stories command and the background job take). Reports items per second,
/// the stories found against the planted ones (pair precision and recall) and the space the story tables take.
/// </summary>
internal static class StoryAssignmentBenchmark
{
    private static readonly string[] Syllables =
        ["ka", "ro", "mi", "ven", "tal", "dor", "es", "lin", "qua", "bro", "shi", "nek", "ul", "tra", "po", "zel", "fa", "gir", "mon", "ste"];

    public static async Task<int> RunAsync(string[] args)
    {
        var (count, days) = (Option(args, "--items", 100_000), Option(args, "--days", 100));
        var folder = Directory.CreateTempSubdirectory("policywatch-stories-bench-").FullName;
        var database = new Database(Path.Combine(folder, "pw.db"));
        await database.MigrateAsync();
        Console.WriteLine($"Writing {count:N0} items over {days} days ({SiteDatabaseGenerator.SourceCount} sources) into {database.Path}");
        var events = await WriteItemsAsync(database, count, days);

        var before = await SizeAsync(database);
        Console.WriteLine("Assigning stories, item by item in order of storing…");
        var clock = Stopwatch.StartNew();
        var report = await StoryStore.AssignPendingAsync(database, long.MaxValue, 200, DateTimeOffset.UtcNow,
            done => { if (done % 10_000 == 0) Console.Write($"\r  {done:N0} / {count:N0}, {done / clock.Elapsed.TotalSeconds:N0} items/s   "); },
            CancellationToken.None);
        clock.Stop();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Assigned:N0} items assigned in {clock.Elapsed.TotalSeconds:N1} s: {report.Assigned / clock.Elapsed.TotalSeconds:N0} items/s " +
            $"({clock.Elapsed.TotalMilliseconds * 1000 / report.Assigned:N0} µs an item); {report.Joined:N0} joined a story; " +
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB"));
        await ReportQualityAsync(database, events);
        var growth = await SizeAsync(database) - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"story tables: {growth / 1048576.0:N1} MiB, {growth / (double)count:N0} bytes an item"));
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    /// <summary>Writes the items; returns each item's planted event (items of no event are not listed).</summary>
    private static async Task<Dictionary<long, int>> WriteItemsAsync(Database database, int count, int days)
    {
        var random = new Random(20261201);
        var words = new ZipfWords(random, 30_000);
        var plans = new List<(DateTimeOffset At, int Source, int Event, string[] Names)>();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var eventId = 0;
        while (plans.Count < count)
        {
            var at = start.AddSeconds(random.NextInt64(days * 86_400L));
            var names = Enumerable.Range(0, 4).Select(_ => Name(random)).ToArray();
            // A third of the items report an event two to five sources carry within two days; the rest stand alone.
            var reports = random.NextDouble() < 0.15 ? 2 + random.Next(4) : 1;
            var sources = Enumerable.Range(0, SiteDatabaseGenerator.SourceCount).OrderBy(_ => random.Next()).Take(reports).ToList();
            foreach (var source in sources)
                plans.Add((at.AddMinutes(random.Next(2 * 24 * 60)), source, reports > 1 ? eventId : -1, names));
            eventId++;
        }
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("PRAGMA synchronous = OFF");
        await connection.ExecuteAsync(
            "INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES (@Id, @Id, 'file:///x', 'feed', 'eu', 86400)",
            Enumerable.Range(0, SiteDatabaseGenerator.SourceCount).Select(n => new { Id = $"source-{n:00}" }));
        var events = new Dictionary<long, int>();
        foreach (var batch in plans.Take(count).OrderBy(p => p.At).Chunk(10_000))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var plan in batch)
            {
                // Each report words the event its own way: some of its names, the rest ordinary coverage.
                var names = plan.Names.OrderBy(_ => random.Next()).Take(3).ToArray();
                var title = $"{string.Join(' ', names)} {words.Text(6 + random.Next(6))}";
                var summary = $"{plan.Names[random.Next(4)]} {words.Text(20 + random.Next(30))} {plan.Names[random.Next(4)]} {words.Text(20 + random.Next(30))}";
                var at = UtcTimestamp.ToText(plan.At);
                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO items (source_id, guid, kind, title, url, canonical_url, summary_text, published_at, first_seen_at, last_changed_at, content_hash)
                    VALUES (@Source, @Guid, 'article', @Title, @Url, @Url, pack(@Summary), @At, @At, @At, @Guid) RETURNING id
                    """,
                    new { Source = $"source-{plan.Source:00}", Guid = Guid.NewGuid().ToString("N"), Title = title, Url = $"https://example.org/{Guid.NewGuid():N}", Summary = summary, At = at },
                    transaction);
                if (plan.Event >= 0) events[id] = plan.Event;
            }
            await transaction.CommitAsync();
        }
        Console.WriteLine($"  {events.Count:N0} items report {events.Values.Distinct().Count():N0} planted events; the rest stand alone");
        return events;
    }

    /// <summary>
    /// Ordinary text with a vocabulary of its size: words drawn by Zipf's law (the r-th most common word about 1/r as often
    /// as the first) from made-up words, so that, as in real coverage, most words are common and most of the vocabulary rare.
    /// </summary>
    private sealed class ZipfWords
    {
        private readonly Random _random;
        private readonly string[] _words;
        private readonly double[] _cumulative;

        public ZipfWords(Random random, int size)
        {
            _random = random;
            _words = Enumerable.Range(0, size).Select(_ => Name(random)).ToArray();
            _cumulative = new double[size];
            var sum = 0.0;
            for (var rank = 0; rank < size; rank++) _cumulative[rank] = sum += 1.0 / (rank + 1);
        }

        public string Text(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ =>
        {
            var at = Array.BinarySearch(_cumulative, _random.NextDouble() * _cumulative[^1]);
            return _words[at < 0 ? ~at : at];
        }));
    }

    private static string Name(Random random) =>
        string.Concat(Enumerable.Range(0, 2 + random.Next(2)).Select(_ => Syllables[random.Next(Syllables.Length)]));

    /// <summary>Pair precision and recall of the stories found against the planted events.</summary>
    private static async Task ReportQualityAsync(Database database, Dictionary<long, int> events)
    {
        await using var connection = await database.OpenAsync();
        var members = (await connection.QueryAsync<(long Item, long Story)>("SELECT item_id, story_id FROM story_members")).ToList();
        long together = 0, right = 0;
        foreach (var story in members.GroupBy(m => m.Story))
        {
            var items = story.Select(m => m.Item).ToList();
            together += items.Count * (items.Count - 1L) / 2;
            right += items.GroupBy(i => events.TryGetValue(i, out var e) ? e : -1 - (int)i).Sum(g => g.Count() * (g.Count() - 1L) / 2);
        }
        var planted = events.Values.GroupBy(e => e).Sum(g => g.Count() * (g.Count() - 1L) / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stories against the planted events: pair precision {(together == 0 ? 1 : (double)right / together):F3}, recall {(double)right / planted:F3} " +
            $"({members.Select(m => m.Story).Distinct().Count():N0} stories of {members.Count:N0} items)"));
    }

    /// <summary>The file's size in use (pages × page size), so the growth assignment adds is the story tables' size.</summary>
    private static async Task<long> SizeAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()") -
               await connection.ExecuteScalarAsync<long>("SELECT freelist_count * page_size FROM pragma_freelist_count(), pragma_page_size()");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
