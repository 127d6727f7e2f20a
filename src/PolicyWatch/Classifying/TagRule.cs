namespace PolicyWatch.Classifying;

/// <summary>Whether a rule tags an item with a dossier or a topic.</summary>
internal enum TagKind { Dossier, Topic }

/// <summary>
/// One dossier or topic compiled against the shared automaton: its phrases and exclude
/// phrases as pattern ids. Decides from an item's matches whether the tag applies and why.
/// </summary>
internal sealed class TagRule
{
    private readonly CompiledPhrase[] _phrases;
    private readonly int[] _excludes;

    public TagRule(string id, TagKind kind, string? jurisdiction, IEnumerable<string> phrases, IEnumerable<string> excludes,
        PatternRegistry patterns)
    {
        Id = id;
        Kind = kind;
        Jurisdiction = jurisdiction;
        _phrases = phrases.Select(PhraseSyntax.Parse).Select(p => new CompiledPhrase(
            p.Written, patterns.Add(p.Pattern), p.Needs.Select(patterns.Add).ToArray(), p.Unless.Select(patterns.Add).ToArray())).ToArray();
        _excludes = excludes.Select(e => patterns.Add(PhraseSyntax.Term(e, e))).ToArray();
    }

    public string Id { get; }
    public TagKind Kind { get; }
    public string? Jurisdiction { get; }

    /// <summary>Adds a reason per phrase that counts in <paramref name="matches"/>; returns whether any did.</summary>
    public bool Explain(ItemMatches matches, List<TagReason> why)
    {
        var before = why.Count;
        foreach (var phrase in _phrases)
            if (!phrase.IsConditional && Counts(phrase, matches) is { } field) why.Add(new TagReason(Id, phrase.Written, field));
        var confirmed = why.Count > before;
        foreach (var phrase in _phrases)
            if (phrase.IsConditional && (confirmed || phrase.Needs.Any(matches.Contains)) && Counts(phrase, matches) is { } field)
                why.Add(new TagReason(Id, phrase.Written, field));
        return why.Count > before;
    }

    private string? Counts(CompiledPhrase phrase, ItemMatches matches)
    {
        if (phrase.Unless.Any(matches.Contains)) return null;
        foreach (var match in matches.All)
            if (match.PatternId == phrase.PatternId && !IsInsideExclude(match, matches)) return ItemMatches.FieldNames[match.Field];
        return null;
    }

    private bool IsInsideExclude(Match match, ItemMatches matches)
    {
        foreach (var other in matches.All)
            if (other.Field == match.Field && other.Start <= match.Start && match.End <= other.End && _excludes.Contains(other.PatternId))
                return true;
        return false;
    }

    private sealed record CompiledPhrase(string Written, int PatternId, int[] Needs, int[] Unless)
    {
        public bool IsConditional => Needs.Length > 0;
    }
}

/// <summary>Gives each distinct automaton pattern one id, shared by every rule that uses it.</summary>
internal sealed class PatternRegistry
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public List<string> Patterns { get; } = [];

    public int Add(string pattern)
    {
        if (_ids.TryGetValue(pattern, out var id)) return id;
        _ids[pattern] = Patterns.Count;
        Patterns.Add(pattern);
        return Patterns.Count - 1;
    }
}
