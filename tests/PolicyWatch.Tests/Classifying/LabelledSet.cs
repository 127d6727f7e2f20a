using System.Globalization;
using System.Text;
using System.Text.Json;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;

namespace PolicyWatch.Tests.Classifying;

/// <summary>
/// A labelled item in the corpus format (../shared/corpus/tagging/README.md): what a reader of
/// the article expects the tagger to say about it.
/// </summary>
internal sealed record LabelledItem(string Id, string Title, string? Summary, string Publisher, string SourceJurisdiction,
    IReadOnlyList<string> Dossiers, IReadOnlyList<string> Topics, IReadOnlyList<string> Jurisdictions)
{
    /// <summary>
    /// Whether the item is in the half held aside: a fixed, seeded split by id (FNV-1a of
    /// "split:" + id, odd), chosen before any rule was tuned on this data. Rules are tuned looking
    /// only at the other half; the held-aside half is only scored, so its figure says how the
    /// rules do on wording they were not fitted to.
    /// </summary>
    public bool HeldAside => (Fnv1a("split:" + Id) & 1) == 1;

    public static IReadOnlyList<LabelledItem> ReadAll(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(Read).ToList();
    }

    private static LabelledItem Read(JsonElement item)
    {
        var expected = item.GetProperty("expected");
        return new LabelledItem(
            item.GetProperty("id").GetString()!,
            item.GetProperty("title").GetString()!,
            item.TryGetProperty("summary", out var summary) ? summary.GetString() : null,
            item.GetProperty("publisher").GetString()!,
            item.GetProperty("sourceJurisdiction").GetString()!,
            Strings(expected, "dossiers"), Strings(expected, "topics"), Strings(expected, "jurisdictions"));
    }

    private static string[] Strings(JsonElement parent, string name) =>
        parent.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}

/// <summary>Precision and recall of a classifier on labelled items, per tag and micro-averaged per group.</summary>
internal sealed class LabelledScores
{
    public static readonly string[] Groups = ["dossiers", "topics", "jurisdictions"];

    private readonly Dictionary<string, Dictionary<string, Score>> _scores = Groups.ToDictionary(g => g, _ => new Dictionary<string, Score>());

    /// <summary>One line per item the classifier got wrong: what was missing (-) or extra (+), and why it tagged what it did.</summary>
    public List<string> Mistakes { get; } = [];

    /// <summary>
    /// Labelled publishers that are PolicyWatch sources kept whole ("keep": "all"), by the name the
    /// labels give them: their items are classified as that source's, so that a tagged item no rule
    /// places takes the source's jurisdiction, as in production. Every other publisher is an outlet
    /// PolicyWatch does not read whole, whose base places nothing.
    /// </summary>
    private static readonly Dictionary<string, string> SourcesKeptWhole = new()
    {
        ["Ofcom"] = "ofcom", ["Open Rights Group"] = "open-rights-group", ["Big Brother Watch"] = "big-brother-watch",
        ["EDPS"] = "edps", ["European Data Protection Supervisor"] = "edps", ["EDRi"] = "edri",
        ["Electronic Frontier Foundation"] = "eff", ["Center for Democracy & Technology"] = "cdt",
    };

    public static LabelledScores Of(Classifier classifier, IEnumerable<LabelledItem> items) => OfWith(items, item =>
    {
        // Labelled items have a title and a summary; archived text is not part of the sets.
        var text = new ClassifiableText(item.Title, item.Summary, null);
        return SourceOf(classifier, item) is { } source ? classifier.Classify(text, source) : classifier.Classify(text, fallbackJurisdiction: null);
    });

    /// <summary>Scores what <paramref name="classify"/> says of each item.</summary>
    private static LabelledScores OfWith(IEnumerable<LabelledItem> items, Func<LabelledItem, Classification> classify)
    {
        var scores = new LabelledScores();
        foreach (var item in items)
        {
            var actual = classify(item);
            var wrong = new List<string>();
            scores.Compare("dossiers", item.Dossiers, actual.Dossiers, wrong);
            scores.Compare("topics", item.Topics, actual.Topics, wrong);
            scores.Compare("jurisdictions", item.Jurisdictions, actual.Jurisdictions, wrong);
            if (wrong.Count > 0)
                scores.Mistakes.Add($"{item.Id}: {string.Join("; ", wrong)}  why: {string.Join(", ", actual.Why.Select(w => $"{w.Tag}<-\"{w.Phrase}\"@{w.Field}"))}");
        }
        return scores;
    }

    private static SourceDefinition? SourceOf(Classifier classifier, LabelledItem item)
    {
        var publisher = item.Publisher.Split(" (")[0];
        if (!SourcesKeptWhole.TryGetValue(publisher, out var id)) return null;
        var source = classifier.Catalog.FindSource(id) ?? throw new InvalidOperationException($"feeds.json has no source {id}");
        return source.Keep == KeepPolicy.All ? source : throw new InvalidOperationException($"source {id} is no longer kept whole");
    }

    public Score Micro(string group) => _scores[group].Values.Aggregate(new Score(), (sum, s) => sum.Add(s));

    /// <summary>The per-tag table, with a micro-averaged row per group.</summary>
    public IEnumerable<string> Table()
    {
        yield return $"{"tag",-28} {"P",6} {"R",6} {"tp",4} {"fp",4} {"fn",4}";
        foreach (var group in Groups)
        {
            foreach (var (tag, score) in _scores[group].OrderBy(s => s.Key, StringComparer.Ordinal)) yield return Row(tag, score);
            yield return Row($"[{group}, micro]", Micro(group));
        }
    }

    /// <summary>One line: the micro-averaged precision and recall of each group.</summary>
    public string Summary() => string.Join("   ", Groups.Select(g =>
        string.Create(CultureInfo.InvariantCulture, $"{g} P {Micro(g).Precision:F3} R {Micro(g).Recall:F3}")));

    private void Compare(string group, IReadOnlyList<string> expected, IReadOnlyList<string> actual, List<string> wrong)
    {
        foreach (var tag in expected.Union(actual))
        {
            var score = _scores[group].TryGetValue(tag, out var s) ? s : _scores[group][tag] = new Score();
            var inExpected = expected.Contains(tag);
            var inActual = actual.Contains(tag);
            if (inExpected && inActual) score.TruePositives++;
            else if (inActual) { score.FalsePositives++; wrong.Add($"+{tag}"); }
            else { score.FalseNegatives++; wrong.Add($"-{tag}"); }
        }
    }

    private static string Row(string tag, Score s) => string.Create(CultureInfo.InvariantCulture,
        $"{tag,-28} {s.Precision,6:F3} {s.Recall,6:F3} {s.TruePositives,4} {s.FalsePositives,4} {s.FalseNegatives,4}");

    internal sealed class Score
    {
        public int TruePositives { get; set; }
        public int FalsePositives { get; set; }
        public int FalseNegatives { get; set; }

        // An empty denominator means nothing was claimed or nothing was expected: no error either way.
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

        public Score Add(Score other) => new()
        {
            TruePositives = TruePositives + other.TruePositives,
            FalsePositives = FalsePositives + other.FalsePositives,
            FalseNegatives = FalseNegatives + other.FalseNegatives,
        };
    }
}
