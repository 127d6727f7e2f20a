using System.Xml;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using PolicyWatch.Parsing;

namespace PolicyWatch.Benchmarks.Parsing;

/// <summary>
/// The full parse of the 29 real-world feeds beside a bare XmlReader pass over the same
/// bytes (the floor no parser can beat). Throughput columns: MB/s and items/s per run of
/// the whole corpus; allocations per item are the Allocated column divided by the item count.
/// Run: dotnet run -c Release --project tests/PolicyWatch.Benchmarks -- --filter '*FeedParser*' --job short
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class FeedParserBenchmarks
{
    private static readonly List<byte[]> Feeds = LoadCorpus();

    /// <summary>Total bytes and items of the corpus, for the throughput columns.</summary>
    public static long TotalBytes => Feeds.Sum(f => (long)f.Length);

    public static int TotalItems { get; } = Feeds.Sum(f => FeedParser.Parse(f, null, null).Entries.Count);

    [Benchmark(Baseline = true, Description = "bare XmlReader")]
    public long BareXmlReader()
    {
        long nodes = 0;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, CheckCharacters = false };
        foreach (var feed in Feeds)
        {
            using var reader = XmlReader.Create(new MemoryStream(feed), settings);
            try
            {
                while (reader.Read())
                    if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA) nodes += reader.Value.Length;
            }
            catch (XmlException) { nodes++; } // two corpus files are not well-formed; the floor stops where XML stops
        }
        return nodes;
    }

    [Benchmark(Description = "FeedParser.Parse")]
    public int FullParse()
    {
        var items = 0;
        foreach (var feed in Feeds) items += FeedParser.Parse(feed, null, null).Entries.Count;
        return items;
    }

    private static List<byte[]> LoadCorpus()
    {
        var folder = Path.Combine(BenchmarkPaths.CorpusRoot, "realworld");
        if (!Directory.Exists(folder)) throw new InvalidOperationException($"the real-world corpus is missing at {folder}");
        return Directory.GetFiles(folder, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(new RateColumn("MB/s", () => TotalBytes / 1_000_000.0));
            AddColumn(new RateColumn("items/s", () => TotalItems));
        }
    }

    /// <summary>A quantity per run (bytes, items) divided by the mean time of one run.</summary>
    private sealed class RateColumn(string name, Func<double> perRun) : IColumn
    {
        public string Id => name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => $"{name} over the whole real-world corpus";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } stats) return "-";
            return (perRun() / (stats.Mean / 1e9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
