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

    /// <param name="jurisdictions">The catalog's jurisdiction ids, which a phrase's @jurisdiction must be one of.</param>
    public TagRule(string id, TagKind kind, string? jurisdiction, IEnumerable<string> phrases, IEnumerable<string> excludes,
        PatternRegistry patterns, IReadOnlyDictionary<string, string> jurisdictions)
    {
        Id = id;
        Kind = kind;
        Jurisdiction = jurisdiction;
        _phrases = phrases.Select(PhraseSyntax.Parse).Select(p => new CompiledPhrase(
            p.Written, patterns.Add(p.Pattern), p.Needs.Select(patterns.Add).ToArray(), p.Unless.Select(patterns.Add).ToArray(),
            KnownJurisdiction(p, jurisdictions))).ToArray();
        _excludes = excludes.Select(e => patterns.Add(PhraseSyntax.Term(e, e))).ToArray();
    }

    public string Id { get; }
    public TagKind Kind { get; }
    /// <summary>The rule's own jurisdiction (always set for a dossier); when null, its matched phrases may name some.</summary>
    public string? Jurisdiction { get; }

    /// <summary>
    /// Adds a reason per phrase that counts in <paramref name="matches"/>, and the jurisdictions
    /// of the tag (its own, else those its counted phrases name); returns whether any phrase counted.
    /// </summary>
    public bool Explain(ItemMatches matches, List<TagReason> why, List<string> jurisdictions)
    {
        var counted = new List<CompiledPhrase>();
        foreach (var phrase in _phrases)
            if (Counts(phrase, matches) is { } field) Add(phrase, field);
        if (counted.Count == 0) return false;
        IEnumerable<string?> named = Jurisdiction is { } own ? [own] : counted.Select(p => p.Jurisdiction);
        foreach (var jurisdiction in named.OfType<string>())
            if (!jurisdictions.Contains(jurisdiction)) jurisdictions.Add(jurisdiction);
        return true;

        void Add(CompiledPhrase phrase, string field)
        {
            counted.Add(phrase);
            why.Add(new TagReason(Id, phrase.Written, field));
        }
    }

    private string? KnownJurisdiction(PhraseRule phrase, IReadOnlyDictionary<string, string> jurisdictions) =>
        phrase.Jurisdiction is not { } jurisdiction || jurisdictions.ContainsKey(jurisdiction) ? phrase.Jurisdiction
            : throw new FormatException($"{Id}: phrase \"{phrase.Written}\" names jurisdiction \"{jurisdiction}\", which feeds.json does not define");

    /// <summary>The field where <paramref name="phrase"/> first counts, or null when it does not.</summary>
    private string? Counts(CompiledPhrase phrase, ItemMatches matches)
    {
        if (phrase.Needs.Length > 0 && !phrase.Needs.Any(id => FirstOccurrence(id, matches) is not null)) return null;
        if (phrase.Unless.Any(id => FirstOccurrence(id, matches) is not null)) return null;
        return FirstOccurrence(phrase.PatternId, matches) is { } match ? ItemMatches.FieldNames[match.Field] : null;
    }

    /// <summary>
    /// The first occurrence of a pattern that is not inside one of this rule's exclude matches:
    /// "penalties of up to" hides "penalties" both as a phrase and as a context term.
    /// </summary>
    private Match? FirstOccurrence(int patternId, ItemMatches matches)
    {
        foreach (var match in matches.All)
            if (match.PatternId == patternId && !IsInsideExclude(match, matches)) return match;
        return null;
    }

    private bool IsInsideExclude(Match match, ItemMatches matches)
    {
        foreach (var other in matches.All)
            if (other.Field == match.Field && other.Start <= match.Start && match.End <= other.End && _excludes.Contains(other.PatternId))
                return true;
        return false;
    }

    private sealed record CompiledPhrase(string Written, int PatternId, int[] Needs, int[] Unless, string? Jurisdiction);
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
