using BenchmarkDotNet.Attributes;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;

namespace PolicyWatch.Benchmarks.Classifying;

/// <summary>
/// Tagging throughput with the shipped feeds.json rules: 100k synthetic items (a title and a
/// summary of about 400 characters, a few in ten carrying a phrase). Time per operation is per
/// item; items per second = 1 s / Mean. Run:
/// dotnet run -c Release --project tests/PolicyWatch.Benchmarks -- --filter '*ClassifierBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class ClassifierBenchmarks
{
    private const int ItemCount = 100_000;

    private static readonly string[] Words =
    [
        "the", "regulator", "said", "on", "Tuesday", "that", "platforms", "must", "publish", "risk", "assessments", "and",
        "users", "privacy", "advocates", "warned", "government", "plans", "would", "affect", "millions", "of", "messages",
        "Europe’s", "ministers", "délibèrent", "während", "the", "company", "announced", "new", "features", "for", "phones",
        "market", "analysts", "expect", "growth", "in", "quarterly", "results", "security", "researchers", "found", "a",
        "flaw", "update", "release", "version", "court", "ruling", "appeal", "data", "protection", "children", "online",
    ];

    private static readonly string[] Phrases =
    [
        "chat control", "Online Safety Act", "Digital Services Act", "end-to-end encryption", "age verification",
        "client-side scanning", "CSAM", "fined", "DSA", "Ofcom", "2022/0155(COD)", "Chatkontrolle", "NeuralHash",
    ];

    private Classifier _classifier = null!;
    private ClassifiableText[] _items = null!;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = CatalogLoader.LoadFileAsync(Path.Combine(BenchmarkPaths.RepoRoot, "feeds.json")).GetAwaiter().GetResult();
        _classifier = new Classifier(catalog);
        var random = new Random(20240817);
        _items = Enumerable.Range(0, ItemCount).Select(_ => new ClassifiableText(Sentence(random, 60), Sentence(random, 400), null)).ToArray();
    }

    [Benchmark(OperationsPerInvoke = ItemCount)]
    public int Classify()
    {
        var tagged = 0;
        foreach (var item in _items)
            if (_classifier.Classify(item, "global").MatchesAnything) tagged++;
        return tagged;
    }

    /// <summary>Words up to about <paramref name="length"/> characters, with a phrase in roughly one sentence in four.</summary>
    private static string Sentence(Random random, int length)
    {
        var text = new System.Text.StringBuilder(length + 32);
        while (text.Length < length)
        {
            var word = random.Next(60) == 0 ? Phrases[random.Next(Phrases.Length)] : Words[random.Next(Words.Length)];
            text.Append(word).Append(random.Next(12) == 0 ? ", " : " ");
        }
        return text.ToString();
    }
}
