namespace PolicyWatch.Stories;

/// <summary>
/// An item's words weighed by how much each says about one event: its count times its inverse document
/// frequency over everything stored (a word most items use, "online", weighs little; "4chan" or "neuralhash"
/// much). Two items report the same event when the cosine of their vectors is high (<see cref="StoryRules"/>).
/// </summary>
public sealed class StoryVector
{
    private StoryVector(IReadOnlyDictionary<long, int> counts, IReadOnlyDictionary<long, double> weights)
    {
        Counts = counts;
        Weights = weights;
        Norm = Math.Sqrt(weights.Values.Sum(w => w * w));
    }

    public IReadOnlyDictionary<long, int> Counts { get; }
    public IReadOnlyDictionary<long, double> Weights { get; }
    public double Norm { get; }

    /// <param name="counts">The item's words (<see cref="StoryText.Terms"/>).</param>
    /// <param name="documentFrequency">How many stored items use each word, this one included.</param>
    /// <param name="documents">How many items the frequencies count.</param>
    public static StoryVector Weigh(IReadOnlyDictionary<long, int> counts, IReadOnlyDictionary<long, long> documentFrequency, long documents) =>
        new(counts, counts.ToDictionary(c => c.Key, c => c.Value * InverseFrequency(documentFrequency.GetValueOrDefault(c.Key, 1), documents)));

    /// <summary>
    /// A store's counts are read as though it held at least this many items. With few items stored a word's count
    /// says little (two of ten items may be one source's series), yet ln(N / df) swings widely on it; with the floor
    /// the weights move less until the counts mean something. Chosen on the tuning half of the labelled pairs stored
    /// with no other content, a fresh install (README, "Stories"): recall 0.849 at precision 1.000 with a floor of
    /// 50 or 100, 0.604 at 0.941 without one, more wrong merges from 150 on. Past it the floor changes nothing.
    /// </summary>
    public const long DocumentFloor = 100;

    /// <summary>ln((max(N, <see cref="DocumentFloor"/>) + 1) / (df + ½)): never negative for a word the item itself uses (df ≤ N).</summary>
    public static double InverseFrequency(long documentFrequency, long documents) =>
        Math.Log((Math.Max(documents, DocumentFloor) + 1.0) / (Math.Max(1, documentFrequency) + 0.5));

    /// <summary>The <paramref name="count"/> words that weigh most (ties to the lower hash, so the choice is stable): what candidates are looked up by.</summary>
    public IReadOnlyList<long> Keys(int count) =>
        Weights.OrderByDescending(w => w.Value).ThenBy(w => w.Key).Take(count).Select(w => w.Key).ToList();

    /// <summary>
    /// The cosine between this item and another known by its word counts and the norm it had when it was stored.
    /// Shared words are weighed with today's frequencies (this vector's); the other's norm keeps those of its day,
    /// which drift slowly as items arrive.
    /// </summary>
    public double Cosine(IReadOnlyDictionary<long, int> otherCounts, double otherNorm)
    {
        if (Norm <= 0 || otherNorm <= 0) return 0;
        var dot = 0.0;
        foreach (var (term, weight) in Weights)
            if (otherCounts.TryGetValue(term, out var count))
                dot += weight * (weight / Counts[term]) * count;
        return dot / (Norm * otherNorm);
    }
}
