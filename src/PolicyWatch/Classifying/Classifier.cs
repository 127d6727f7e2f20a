using PolicyWatch.Catalog;

namespace PolicyWatch.Classifying;

/// <summary>
/// Tags items with dossiers, topics and jurisdictions from the phrase rules in feeds.json
/// (syntax: <see cref="PhraseSyntax"/>). All phrases of all rules are compiled into one
/// automaton, so an item is read once per field whatever the number of rules.
/// Thread-safe: the compiled rules are immutable and each call has its own scratch.
/// </summary>
public sealed class Classifier
{
    private const string Global = "global";

    private readonly PhraseAutomaton _automaton;
    private readonly TagRule[] _rules;

    // Most matches are context terms (EU, Commission, child*) that tag nothing by themselves;
    // only the rules whose own phrases matched are evaluated.
    private readonly int[][] _rulesByMainPattern;

    private readonly OtherLaw[] _otherLaws;

    /// <exception cref="FormatException">A phrase in the catalog has a part with no letters or digits.</exception>
    public Classifier(PolicyCatalog catalog)
    {
        Catalog = catalog;
        var patterns = new PatternRegistry();
        _rules =
        [
            .. catalog.Dossiers.Select(d => new TagRule(d.Id, TagKind.Dossier, d.Jurisdiction, d.Phrases, d.Exclude, patterns, catalog.Jurisdictions)),
            .. catalog.Topics.Select(t => new TagRule(t.Id, TagKind.Topic, t.Jurisdiction, t.Phrases, t.Exclude, patterns, catalog.Jurisdictions)),
        ];
        _otherLaws = _rules.SelectMany(r => r.OtherLaws).ToArray();
        _automaton = new PhraseAutomaton(patterns.Patterns);
        _rulesByMainPattern = new int[patterns.Patterns.Count][];
        for (var id = 0; id < _rulesByMainPattern.Length; id++)
            _rulesByMainPattern[id] = Enumerable.Range(0, _rules.Length).Where(r => _rules[r].MainPatterns.Contains(id)).ToArray();
    }

    public PolicyCatalog Catalog { get; }

    /// <summary>Every phrase and exclude phrase that cannot be compiled, at its JSON path in feeds.json.</summary>
    public static IReadOnlyList<CatalogError> Validate(PolicyCatalog catalog)
    {
        var errors = new List<CatalogError>();
        for (var i = 0; i < catalog.Dossiers.Count; i++)
            Check($"dossiers[{i}]", catalog.Dossiers[i].Id, TagKind.Dossier, catalog.Dossiers[i].Jurisdiction, catalog.Dossiers[i].Phrases, catalog.Dossiers[i].Exclude);
        for (var i = 0; i < catalog.Topics.Count; i++)
            Check($"topics[{i}]", catalog.Topics[i].Id, TagKind.Topic, catalog.Topics[i].Jurisdiction, catalog.Topics[i].Phrases, catalog.Topics[i].Exclude);
        return errors;

        void Check(string path, string id, TagKind kind, string? jurisdiction, IReadOnlyList<string> phrases, IReadOnlyList<string> excludes)
        {
            for (var p = 0; p < phrases.Count; p++) Compile($"{path}.phrases[{p}]", () => new TagRule(id, kind, jurisdiction, [phrases[p]], [], new PatternRegistry(), catalog.Jurisdictions));
            for (var e = 0; e < excludes.Count; e++) Compile($"{path}.exclude[{e}]", () => new TagRule(id, kind, jurisdiction, [], [excludes[e]], new PatternRegistry(), catalog.Jurisdictions));
        }

        void Compile(string path, Func<TagRule> compile)
        {
            try { compile(); }
            catch (FormatException e) { errors.Add(new CatalogError(path, e.Message)); }
        }
    }

    /// <summary>
    /// Tags an item of <paramref name="source"/>. Items of a legislative source are events of the
    /// source's dossier whatever their wording, so they always carry it (explained as coming from the source).
    /// </summary>
    /// <remarks>
    /// A tagged item that no rule places takes its source's jurisdiction only from a source kept
    /// whole (<c>"keep": "all"</c>): those are the specialist bodies of one jurisdiction (its
    /// regulator, its digital-rights groups), which write about that jurisdiction's policy. A
    /// general outlet's base says where it is, not where the policy it reports applies (a US site
    /// on Australia's ban, a Brussels one on a French law); on labelled items the source fallback
    /// for every outlet cost more in precision than it gave in recall.
    /// </remarks>
    public Classification Classify(ClassifiableText text, SourceDefinition source)
    {
        var tags = Classify(text, source.Keep == KeepPolicy.All ? source.Jurisdiction : null);
        if (source.Kind != ItemKind.Legislative || source.Dossier is not { } dossierId || tags.Dossiers.Contains(dossierId))
            return tags;
        var dossier = Catalog.FindDossier(dossierId)!;
        return new Classification(
            [dossierId, .. tags.Dossiers],
            tags.Topics,
            tags.Jurisdictions.Contains(dossier.Jurisdiction) ? tags.Jurisdictions : [dossier.Jurisdiction, .. tags.Jurisdictions],
            [new TagReason(dossierId, $"legislative source {source.Id}", "source"), .. tags.Why]);
    }

    /// <param name="fallbackJurisdiction">Where to place a tagged item when no matched rule names a jurisdiction
    /// (a specialist source's own), or null to leave it unplaced; never <c>global</c>.</param>
    /// <remarks>
    /// When no tracked policy places the item but it names another law whose place feeds.json
    /// knows (an exclude phrase with @jurisdiction, such as the US Kids Online Safety Act), the
    /// item goes there instead of to its source's jurisdiction, even with no dossier or topic:
    /// the policy it discusses applies there, wherever the publisher is. Failing that, a matched phrase
    /// written "@global if unplaced" places it (a critique of scanning that names no country's law is a
    /// debate not tied to one jurisdiction), before the source's own.
    /// </remarks>
    public Classification Classify(ClassifiableText text, string? fallbackJurisdiction)
    {
        var matches = Scan(text);
        Span<bool> candidates = _rules.Length <= 256 ? stackalloc bool[_rules.Length] : new bool[_rules.Length];
        var anyCandidate = false;
        foreach (var match in matches.All)
            foreach (var rule in _rulesByMainPattern[match.PatternId])
                anyCandidate = candidates[rule] = true;

        var why = new List<TagReason>();
        var dossiers = new List<string>();
        var topics = new List<string>();
        var jurisdictions = new List<string>();
        List<TagReason>? ifUnplaced = null;
        for (var r = 0; anyCandidate && r < _rules.Length; r++)
            if (candidates[r] && _rules[r].Explain(matches, why, jurisdictions, ref ifUnplaced))
                (_rules[r].Kind == TagKind.Dossier ? dossiers : topics).Add(_rules[r].Id);
        if (jurisdictions.Count == 0) PlaceByOtherLaws(matches, why, jurisdictions);
        if (jurisdictions.Count == 0 && ifUnplaced is not null) PlaceUnplaced(ifUnplaced, why, jurisdictions);
        if (dossiers.Count == 0 && topics.Count == 0)
            return jurisdictions.Count == 0 ? Untagged : new Classification([], [], jurisdictions, why);
        if (jurisdictions.Count == 0 && fallbackJurisdiction is { } fallback && fallback != Global) jurisdictions.Add(fallback);
        return new Classification(dossiers, topics, jurisdictions, why);
    }

    /// <summary>Adds the jurisdiction of each other law the item names, explained by the name and its first field.</summary>
    private void PlaceByOtherLaws(ItemMatches matches, List<TagReason> why, List<string> jurisdictions)
    {
        foreach (var law in _otherLaws)
        {
            var at = matches.All.FindIndex(m => m.PatternId == law.PatternId);
            if (at < 0 || jurisdictions.Contains(law.Jurisdiction)) continue;
            jurisdictions.Add(law.Jurisdiction);
            why.Add(new TagReason(law.Jurisdiction, law.Written, ItemMatches.FieldNames[matches.All[at].Field]));
        }
    }

    /// <summary>Places an item nothing else placed where its matched phrases say such items go, explained by those phrases.</summary>
    private static void PlaceUnplaced(List<TagReason> ifUnplaced, List<TagReason> why, List<string> jurisdictions)
    {
        foreach (var reason in ifUnplaced)
        {
            if (jurisdictions.Contains(reason.Tag)) continue;
            jurisdictions.Add(reason.Tag);
            why.Add(reason);
        }
    }

    private ItemMatches Scan(ClassifiableText text)
    {
        var matches = new ItemMatches(_rulesByMainPattern.Length);
        ScanField(text.Title, 0, matches);
        ScanField(text.Summary, 1, matches);
        ScanField(text.Text, 2, matches);
        return matches;
    }

    private void ScanField(string? text, int field, ItemMatches matches)
    {
        if (string.IsNullOrEmpty(text)) return;
        var sink = new ItemMatches.Sink(matches, field);
        _automaton.Scan(text, ref sink);
    }

    /// <summary>
    /// An item no rule matches (and that names no other law of known place) discusses no policy we
    /// know the place of, so it gets no jurisdiction either: the
    /// source's own would put every product review from a US outlet on the US timeline.
    /// </summary>
    private static Classification Untagged { get; } = new([], [], [], []);
}
