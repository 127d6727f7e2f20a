using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Tests.Support;
using Xunit.Abstractions;

namespace PolicyWatch.Tests.Classifying;

/// <summary>Micro-averaged precision and recall floors per group, on the whole set and on its held-aside half.</summary>
internal sealed record LabelledFloors(
    IReadOnlyList<(string Group, double Precision, double Recall)> All,
    IReadOnlyList<(string Group, double Precision, double Recall)> HeldAside);

/// <summary>Scores the shipped rules on a labelled set, prints the figures and holds the floors.</summary>
internal static class LabelledReport
{
    /// <param name="later">Batches labelled after rules were written, each printed on its own line as well, with its name.</param>
    public static async Task AssertFloorsAsync(ITestOutputHelper output, IReadOnlyList<LabelledItem> items, LabelledFloors floors,
        params (string Name, Func<LabelledItem, bool> Includes)[] later)
    {
        var catalog = await CatalogLoader.LoadFileAsync(Path.Combine(TestPaths.RepoRoot, "feeds.json"));
        var classifier = new Classifier(catalog);
        var tuning = LabelledScores.Of(classifier, items.Where(i => !i.HeldAside));
        var heldAside = LabelledScores.Of(classifier, items.Where(i => i.HeldAside));
        var all = LabelledScores.Of(classifier, items);

        output.WriteLine($"tuning half  ({items.Count(i => !i.HeldAside),3} items): {tuning.Summary()}");
        output.WriteLine($"held aside   ({items.Count(i => i.HeldAside),3} items): {heldAside.Summary()}");
        output.WriteLine($"all          ({items.Count,3} items): {all.Summary()}");
        foreach (var (name, includes) in later)
        {
            var laterItems = items.Where(includes).ToList();
            output.WriteLine($"{name} ({laterItems.Count,3} items): {LabelledScores.Of(classifier, laterItems).Summary()}");
        }
        output.WriteLine("");
        foreach (var line in all.Table()) output.WriteLine(line);
        // Only the tuning half's mistakes are printed: reading the held-aside half's would be tuning on it.
        output.WriteLine("");
        output.WriteLine("Mistakes on the tuning half:");
        foreach (var line in tuning.Mistakes) output.WriteLine(line);

        var failures = Below("all", all, floors.All).Concat(Below("held aside", heldAside, floors.HeldAside)).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<string> Below(string set, LabelledScores scores, IEnumerable<(string Group, double Precision, double Recall)> floors)
    {
        foreach (var (group, precision, recall) in floors)
        {
            var micro = scores.Micro(group);
            if (micro.Precision < precision || micro.Recall < recall)
                yield return $"{set}, {group}: P {micro.Precision:F3} (floor {precision}) R {micro.Recall:F3} (floor {recall})";
        }
    }
}
