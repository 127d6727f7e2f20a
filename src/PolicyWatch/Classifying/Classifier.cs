using PolicyWatch.Catalog;

namespace PolicyWatch.Classifying;

/// <summary>
/// Tags items with dossiers, topics and jurisdictions from the rules in feeds.json.
/// Foundation version: jurisdiction from the source only; phrase rules come with the tagging work.
/// </summary>
public sealed class Classifier(PolicyCatalog catalog)
{
    public PolicyCatalog Catalog { get; } = catalog;

    public Classification Classify(ClassifiableText text, SourceDefinition source) =>
        new([], [], [source.Jurisdiction], []);
}
