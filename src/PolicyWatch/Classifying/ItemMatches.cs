namespace PolicyWatch.Classifying;

/// <summary>
/// One occurrence of a pattern: in which field, where in that field's folded text (end exclusive), and
/// the ordinals of its first and last words in the field, which say how far apart two matches are.
/// </summary>
internal readonly record struct Match(int PatternId, int Field, int Start, int End, int StartWord, int EndWord)
{
    /// <summary>How many words apart two matches of one field are: 1 for neighbours, 0 when they overlap.</summary>
    public int WordsTo(Match other) =>
        other.StartWord > EndWord ? other.StartWord - EndWord : StartWord > other.EndWord ? StartWord - other.EndWord : 0;
}

/// <summary>Every pattern occurrence in one item, in field order (title, summary, text) then position.</summary>
/// <param name="patternCount">How many patterns the automaton has, so that which occurred is one bit each.</param>
internal sealed class ItemMatches(int patternCount)
{
    /// <summary>The field names a <see cref="TagReason"/> uses, indexed by <see cref="Match.Field"/>.</summary>
    public static readonly string[] FieldNames = ["title", "summary", "text"];

    // Most context terms of a rule do not occur in an item; one bit per pattern answers that
    // without walking the matches once per term.
    private readonly ulong[] _occurred = new ulong[(patternCount + 63) / 64];

    public List<Match> All { get; } = [];

    /// <summary>Whether the pattern occurs anywhere in the item (inside an exclude match or not).</summary>
    public bool Occurred(int patternId) => (_occurred[patternId >> 6] & (1UL << patternId)) != 0;

    private void Add(Match match)
    {
        All.Add(match);
        _occurred[match.PatternId >> 6] |= 1UL << match.PatternId;
    }

    /// <summary>Collects the automaton's matches for one field.</summary>
    public struct Sink(ItemMatches matches, int field) : IMatchSink
    {
        public readonly void OnMatch(int patternId, int start, int end, int startWord, int endWord) =>
            matches.Add(new Match(patternId, field, start, end, startWord, endWord));
    }
}
