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
            p.Written, patterns.Add(p.Pattern),
            p.Needs.Where(l => l.Within is null).Select(l => l.Terms.Select(patterns.Add).ToArray()).ToArray(),
            p.Needs.Where(l => l.Within is not null).Select(l => new Window(l.Terms.Select(patterns.Add).ToArray(), l.Within!.Value)).ToArray(),
            p.Unless.Select(patterns.Add).ToArray(),
            KnownJurisdiction(p, jurisdictions), p.IfUnplaced)).ToArray();
        if (kind == TagKind.Dossier && _phrases.FirstOrDefault(p => p.IfUnplaced) is { } placed)
            throw new FormatException($"{id}: phrase \"{placed.Written}\" says where to place an unplaced item, but a dossier always places its items");
        var parsedExcludes = excludes.Select(PhraseSyntax.ParseExclude).ToArray();
        _excludes = parsedExcludes.Select(e => patterns.Add(e.Pattern)).ToArray();
        OtherLaws = parsedExcludes
            .Where(e => e.Jurisdiction is not null)
            .Select(e => new OtherLaw(e.Written, patterns.Add(e.Pattern), KnownJurisdiction(e.Written, e.Jurisdiction!, jurisdictions)))
            .ToArray();
    }

    public string Id { get; }
    public TagKind Kind { get; }
    /// <summary>The rule's own jurisdiction (always set for a dossier); when null, its matched phrases may name some.</summary>
    public string? Jurisdiction { get; }

    /// <summary>The exclude phrases that say where the other law they name applies.</summary>
    public IReadOnlyList<OtherLaw> OtherLaws { get; }

    /// <summary>The patterns whose match can make this rule apply; an item matching none of them is skipped.</summary>
    public IEnumerable<int> MainPatterns => _phrases.Select(p => p.PatternId);

    /// <summary>
    /// Adds a reason per phrase that counts in <paramref name="matches"/>, and the jurisdictions
    /// of the tag (its own, else those its counted phrases name); returns whether any phrase counted.
    /// A counted phrase whose jurisdiction applies only to unplaced items adds it to <paramref name="ifUnplaced"/>
    /// instead, with the phrase and field that explain it.
    /// </summary>
    public bool Explain(ItemMatches matches, List<TagReason> why, List<string> jurisdictions, ref List<TagReason>? ifUnplaced)
    {
        var counted = false;
        foreach (var phrase in _phrases)
        {
            if (Counts(phrase, matches) is not { } field) continue;
            counted = true;
            // Two phrases with the same words and different context lists explain the tag once.
            var reason = new TagReason(Id, phrase.Written, field);
            if (!why.Contains(reason)) why.Add(reason);
            if (phrase.IfUnplaced)
                (ifUnplaced ??= []).Add(new TagReason(phrase.Jurisdiction!, phrase.Written, field));
            else if ((Jurisdiction ?? phrase.Jurisdiction) is { } jurisdiction && !jurisdictions.Contains(jurisdiction))
                jurisdictions.Add(jurisdiction);
        }
        return counted;
    }

    private string? KnownJurisdiction(PhraseRule phrase, IReadOnlyDictionary<string, string> jurisdictions) =>
        phrase.Jurisdiction is not { } jurisdiction ? null : KnownJurisdiction(phrase.Written, jurisdiction, jurisdictions);

    private string KnownJurisdiction(string written, string jurisdiction, IReadOnlyDictionary<string, string> jurisdictions) =>
        jurisdictions.ContainsKey(jurisdiction) ? jurisdiction
            : throw new FormatException($"{Id}: phrase \"{written}\" names jurisdiction \"{jurisdiction}\", which feeds.json does not define");

    /// <summary>
    /// The field where <paramref name="phrase"/> first counts, or null when it does not: an occurrence
    /// outside this rule's exclude matches, with every ~ list met (a windowed one near that occurrence).
    /// </summary>
    private string? Counts(CompiledPhrase phrase, ItemMatches matches)
    {
        // A candidate rule is evaluated phrase by phrase; most of its phrases did not occur, and one
        // bit says so before their context lists are walked.
        if (!matches.Occurred(phrase.PatternId)) return null;
        foreach (var group in phrase.Needs)
            if (!AnyOccurs(group, matches)) return null;
        if (AnyOccurs(phrase.Unless, matches)) return null;
        foreach (var match in matches.All)
            if (match.PatternId == phrase.PatternId && !IsInsideExclude(match, matches) && WindowsMet(phrase.Windows, match, matches))
                return ItemMatches.FieldNames[match.Field];
        return null;
    }

    private bool WindowsMet(Window[] windows, Match anchor, ItemMatches matches)
    {
        foreach (var window in windows)
            if (!OccursNear(window, anchor, matches)) return false;
        return true;
    }

    private bool OccursNear(Window window, Match anchor, ItemMatches matches)
    {
        foreach (var match in matches.All)
            if (match.Field == anchor.Field && window.PatternIds.Contains(match.PatternId) && anchor.WordsTo(match) <= window.Words
                && !IsInsideExclude(match, matches))
                return true;
        return false;
    }

    private bool AnyOccurs(int[] patternIds, ItemMatches matches)
    {
        foreach (var id in patternIds)
            if (FirstOccurrence(id, matches) is not null) return true;
        return false;
    }

    /// <summary>
    /// The first occurrence of a pattern that is not inside one of this rule's exclude matches:
    /// "penalties of up to" hides "penalties" both as a phrase and as a context term.
    /// </summary>
    private Match? FirstOccurrence(int patternId, ItemMatches matches)
    {
        if (!matches.Occurred(patternId)) return null;
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

    /// <param name="Needs">One array of context patterns per ~ list met anywhere in the item; each needs an occurrence.</param>
    /// <param name="Windows">The ~[N] lists: each needs an occurrence within N words of the phrase's.</param>
    /// <param name="IfUnplaced">Whether <paramref name="Jurisdiction"/> applies only to an item nothing else places.</param>
    private sealed record CompiledPhrase(string Written, int PatternId, int[][] Needs, Window[] Windows, int[] Unless, string? Jurisdiction,
        bool IfUnplaced);

    /// <summary>A ~[N] list: its patterns and the most words from the phrase one of them may be.</summary>
    private sealed record Window(int[] PatternIds, int Words);
}

/// <summary>A law outside the tracked dossiers, named by an exclude phrase, and where it applies.</summary>
internal sealed record OtherLaw(string Written, int PatternId, string Jurisdiction);

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
