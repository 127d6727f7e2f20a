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
internal sealed class ItemMatches
{
    /// <summary>The field names a <see cref="TagReason"/> uses, indexed by <see cref="Match.Field"/>.</summary>
    public static readonly string[] FieldNames = ["title", "summary", "text"];

    public List<Match> All { get; } = [];

    /// <summary>Collects the automaton's matches for one field.</summary>
    public struct Sink(ItemMatches matches, int field) : IMatchSink
    {
        public readonly void OnMatch(int patternId, int start, int end, int startWord, int endWord) =>
            matches.All.Add(new Match(patternId, field, start, end, startWord, endWord));
    }
}
