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
        _automaton = new PhraseAutomaton(patterns.Patterns);
    }

    public PolicyCatalog Catalog { get; }

    public Classification Classify(ClassifiableText text, SourceDefinition source) => Classify(text, source.Jurisdiction);

    /// <param name="sourceJurisdiction">Where the publisher is based: the fallback when no matched rule names a jurisdiction.</param>
    public Classification Classify(ClassifiableText text, string sourceJurisdiction)
    {
        var matches = Scan(text);
        if (matches.All.Count == 0) return Untagged;
        var why = new List<TagReason>();
        var dossiers = new List<string>();
        var topics = new List<string>();
        var jurisdictions = new List<string>();
        foreach (var rule in _rules)
            if (rule.Explain(matches, why, jurisdictions)) (rule.Kind == TagKind.Dossier ? dossiers : topics).Add(rule.Id);
        if (dossiers.Count == 0 && topics.Count == 0) return Untagged;
        if (jurisdictions.Count == 0 && sourceJurisdiction != Global) jurisdictions.Add(sourceJurisdiction);
        return new Classification(dossiers, topics, jurisdictions, why);
    }

    private ItemMatches Scan(ClassifiableText text)
    {
        var matches = new ItemMatches();
        string?[] fields = [text.Title, text.Summary, text.Text];
        for (var field = 0; field < fields.Length; field++)
        {
            if (string.IsNullOrEmpty(fields[field])) continue;
            var sink = new ItemMatches.Sink(matches, field);
            _automaton.Scan(fields[field]!, ref sink);
        }
        return matches;
    }

    /// <summary>
    /// An item no rule matches discusses no policy we track, so it gets no jurisdiction either: the
    /// source's own would put every product review from a US outlet on the US timeline.
    /// </summary>
    private static Classification Untagged { get; } = new([], [], [], []);
}
