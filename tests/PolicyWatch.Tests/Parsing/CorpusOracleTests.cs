using System.Globalization;
using PolicyWatch.Tests.Support;
using Xunit.Abstractions;

namespace PolicyWatch.Tests.Parsing;

/// <summary>The parser scored against feedparser's test suite and against real feeds from the shared corpus.</summary>
public sealed class CorpusOracleTests(ITestOutputHelper output)
{
    private const double Floor = 0.97;

    [CorpusFact]
    public void Feedparser_manifest_passes_at_least_97_percent()
    {
        var results = ManifestOracle.Run(Path.Combine(TestPaths.CorpusRoot, "feeds", "manifest.json"));
        var failing = results.Where(r => r.Failures.Count > 0).ToList();
        var rate = 1 - (double)failing.Count / results.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"feedparser oracle: {results.Count - failing.Count}/{results.Count} cases pass ({rate:P1})"));
        foreach (var result in failing)
            output.WriteLine($"FAIL {result.File}: {string.Join("; ", result.Failures)}");
        Assert.True(rate >= Floor, string.Create(CultureInfo.InvariantCulture, $"pass rate {rate:P1} is below {Floor:P0}; see the output for failing cases"));
    }

    [CorpusFact]
    public void Every_realworld_feed_yields_entries_without_throwing()
    {
        var results = ManifestOracle.Run(Path.Combine(TestPaths.CorpusRoot, "realworld", "manifest.json"));
        foreach (var result in results)
            output.WriteLine($"{(result.Failures.Count == 0 ? "ok  " : "FAIL")} {result.File}: {result.EntryCount} entries {string.Join("; ", result.Failures)}");
        Assert.Equal(29, results.Count);
        Assert.All(results, r => Assert.Empty(r.Failures));
    }
}
