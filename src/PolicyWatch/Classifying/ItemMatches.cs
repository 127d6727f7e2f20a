namespace PolicyWatch.Classifying;

/// <summary>One occurrence of a pattern: in which field, and where in that field's folded text (end exclusive).</summary>
internal readonly record struct Match(int PatternId, int Field, int Start, int End);

/// <summary>Every pattern occurrence in one item, in field order (title, summary, text) then position.</summary>
internal sealed class ItemMatches
{
    /// <summary>The field names a <see cref="TagReason"/> uses, indexed by <see cref="Match.Field"/>.</summary>
    public static readonly string[] FieldNames = ["title", "summary", "text"];

    public List<Match> All { get; } = [];

    /// <summary>Collects the automaton's matches for one field.</summary>
    public struct Sink(ItemMatches matches, int field) : IMatchSink
    {
        public readonly void OnMatch(int patternId, int start, int end) => matches.All.Add(new Match(patternId, field, start, end));
    }
}
