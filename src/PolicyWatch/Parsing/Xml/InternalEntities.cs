using System.Text.RegularExpressions;

namespace PolicyWatch.Parsing.Xml;

/// <summary>
/// The general entities a document's DOCTYPE declares in its internal subset, for the lenient reading to
/// expand, and what expanding each costs: its characters plus one for every reference inside it. References
/// count because entities that expand to nothing cost time all the same: a billion laughs made of empty
/// entities adds no characters, and expands a billion references.
/// </summary>
internal sealed partial class InternalEntities
{
    /// <summary>The cost of an entity nested deeper than <see cref="MaxDepth"/> or in a cycle: more than any budget.</summary>
    public const long TooMuch = long.MaxValue / 2;

    private const int MaxDepth = 8;

    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> valuesByName;
    private Dictionary<string, long>? costs;

    public InternalEntities() => valuesByName = values.GetAlternateLookup<ReadOnlySpan<char>>();

    public bool TryGetValue(string name, out string value) => values.TryGetValue(name, out value!);

    [GeneratedRegex("""<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>""")]
    private static partial Regex Declaration();

    /// <summary>Reads the entities of the DOCTYPE at <paramref name="start"/>; returns the index after the DOCTYPE.</summary>
    public int ReadDoctype(string text, int start)
    {
        var close = text.IndexOf('>', start);
        // The subset's "[" is looked for only before the DOCTYPE's ">": searching the whole rest of the document
        // made a prolog of many DOCTYPEs quadratic.
        var bracket = text.IndexOf('[', start, (close < 0 ? text.Length : close) - start);
        if (bracket < 0) return close < 0 ? text.Length : close + 1;
        var subsetEnd = text.IndexOf(']', bracket);
        if (subsetEnd < 0) return text.Length;
        foreach (Match match in Declaration().Matches(text[bracket..subsetEnd]))
            values.TryAdd(match.Groups[1].Value, match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value);
        costs = null;
        var end = text.IndexOf('>', subsetEnd);
        return end < 0 ? text.Length : end + 1;
    }

    /// <summary>The characters and references expanding <paramref name="name"/> takes, or <see cref="TooMuch"/>.</summary>
    public long Cost(string name) => (costs ??= Costs()).GetValueOrDefault(name, TooMuch);

    /// <summary>
    /// What every entity costs, settled level by level, once per document and without recursion: an entity
    /// whose references are all settled settles in the next round. What has not settled after
    /// <see cref="MaxDepth"/> + 1 rounds refers deeper than that, or to itself. (Costing each reference as it
    /// came, again for every reference to the same entity, made a million references to one large entity take
    /// an hour.)
    /// </summary>
    private Dictionary<string, long> Costs()
    {
        var parts = values.ToDictionary(e => e.Key, e => Split(e.Value), StringComparer.Ordinal);
        var settled = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var round = 0; round <= MaxDepth; round++)
        {
            var settling = new List<(string Name, long Cost)>();
            foreach (var (name, (characters, references)) in parts)
            {
                if (settled.ContainsKey(name)) continue;
                var cost = characters;
                foreach (var reference in references)
                {
                    if (!settled.TryGetValue(reference, out var inner))
                    {
                        cost = -1;
                        break;
                    }
                    cost = Math.Min(TooMuch, cost + 1 + inner);
                }
                if (cost >= 0) settling.Add((name, cost));
            }
            foreach (var (name, cost) in settling) settled[name] = cost;
        }
        return settled;
    }

    /// <summary>A value's own characters, and the declared entities it refers to.</summary>
    private (long Characters, List<string> References) Split(string value)
    {
        var references = new List<string>();
        long characters = 0;
        for (var i = 0; i < value.Length; i++)
        {
            // A declared name holds neither "&" nor ";", so the search for its end stops at either: each character
            // is looked at once, where looking for the next ";" from every "&" was quadratic in a value of "&"s.
            var end = value[i] == '&' ? value.AsSpan(i + 1).IndexOfAny('&', ';') : -1;
            if (end > 0 && value[i + 1 + end] == ';' && valuesByName.TryGetValue(value.AsSpan(i + 1, end), out var name, out _))
            {
                references.Add(name);
                i += end + 1;
            }
            else characters++;
        }
        return (characters, references);
    }
}
