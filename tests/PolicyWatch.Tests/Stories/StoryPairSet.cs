using System.Globalization;
using System.Text;
using System.Text.Json;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Stories;

/// <summary>A real published piece in the story pair set, with the event it reports.</summary>
internal sealed record StoryPairItem(string Id, string Event, string Publisher, DateOnly Date, string Title, string? Summary, string? Url)
{
    /// <summary>The outlet, without the copy or wire service in brackets: "Devdiscourse (Reuters)" is Devdiscourse.</summary>
    public string Outlet => Publisher.Split(" (")[0];
}

/// <summary>Two items published within <see cref="StoryPairSet.PairDays"/> days of each other, and whether they report one event.</summary>
internal sealed record StoryPair(StoryPairItem A, StoryPairItem B, bool SameStory)
{
    /// <summary>
    /// Whether the pair is in the half held aside: a fixed split by the first of its two events in
    /// alphabetical order (FNV-1a of "split:" + event, odd), so every pair of one event falls in one half.
    /// The threshold was chosen looking at the other half only.
    /// </summary>
    public bool HeldAside => (Fnv1a("split:" + (string.CompareOrdinal(A.Event, B.Event) <= 0 ? A.Event : B.Event)) & 1) == 1;

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}

/// <summary>
/// The labelled story pairs (testdata/story-pairs.json, README beside it): our own items, and items of the shared
/// tagging corpus and of PolicyWatch's own tagging labels, each labelled with the event it reports. Every two of
/// them published within <see cref="PairDays"/> days make a pair, the same story when their events are one.
/// </summary>
internal sealed class StoryPairSet
{
    public const int PairDays = 7;

    private StoryPairSet(IReadOnlyList<StoryPairItem> items)
    {
        Items = items;
        Pairs = items.SelectMany((a, i) => items.Skip(i + 1).Select(b => (a, b)))
            .Where(p => Math.Abs(p.a.Date.DayNumber - p.b.Date.DayNumber) <= PairDays)
            .Select(p => new StoryPair(p.a, p.b, p.a.Event == p.b.Event)).ToList();
    }

    public IReadOnlyList<StoryPairItem> Items { get; }

    public IReadOnlyList<StoryPair> Pairs { get; }

    public static StoryPairSet Read()
    {
        var tagging = ReadTagging(Path.Combine(TestPaths.CorpusRoot, "tagging", "labelled.json"));
        var own = ReadTagging(TestPaths.TestData("Classifying", "testdata", "labelled-own.json"));
        using var document = JsonDocument.Parse(File.ReadAllText(TestPaths.TestData("Stories", "testdata", "story-pairs.json")));
        var items = document.RootElement.GetProperty("items").EnumerateArray().Select(e => ItemOf(e, e.GetProperty("event").GetString()!)).ToList();
        foreach (var label in document.RootElement.GetProperty("labels").EnumerateArray())
        {
            var reference = label.GetProperty("ref").GetString()!;
            var (set, id) = reference.Split(':') switch
            {
                ["tagging", var i] => (tagging, i),
                ["own", var i] => (own, i),
                _ => throw new InvalidDataException($"unknown reference {reference}"),
            };
            var element = set.TryGetValue(id, out var e) ? e : throw new InvalidDataException($"{reference} is not in its set");
            items.Add(ItemOf(element, label.GetProperty("event").GetString()!) with { Id = reference });
        }
        return new StoryPairSet(items);
    }

    private static Dictionary<string, JsonElement> ReadTagging(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.Clone());
    }

    private static StoryPairItem ItemOf(JsonElement e, string @event) => new(
        e.GetProperty("id").GetString()!, @event, e.GetProperty("publisher").GetString()!, DateOf(e.GetProperty("date").GetString()!),
        e.GetProperty("title").GetString()!, e.TryGetProperty("summary", out var s) ? s.GetString() : null,
        e.TryGetProperty("url", out var u) ? u.GetString() : null);

    // Labelled items known only to the month stand on its first day (they only weigh words here).
    private static DateOnly DateOf(string text) =>
        DateOnly.ParseExact(text.Length == 7 ? text + "-01" : text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Pair precision and recall of a story assignment (item id → story), with the pairs it got wrong.</summary>
internal sealed record StoryPairScore(int TruePositives, int FalsePositives, int FalseNegatives, IReadOnlyList<StoryPair> Mistakes)
{
    // An empty denominator means nothing was claimed or nothing was expected: no error either way.
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public static StoryPairScore Of(IEnumerable<StoryPair> pairs, IReadOnlyDictionary<string, long> storyOf)
    {
        var (tp, fp, fn) = (0, 0, 0);
        var mistakes = new List<StoryPair>();
        foreach (var pair in pairs)
        {
            var together = storyOf[pair.A.Id] == storyOf[pair.B.Id];
            if (together && pair.SameStory) tp++;
            else if (together) { fp++; mistakes.Add(pair); }
            else if (pair.SameStory) { fn++; mistakes.Add(pair); }
        }
        return new StoryPairScore(tp, fp, fn, mistakes);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"P {Precision:F3} R {Recall:F3} (tp {TruePositives}, fp {FalsePositives}, fn {FalseNegatives})");
}
