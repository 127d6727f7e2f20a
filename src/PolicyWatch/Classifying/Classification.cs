namespace PolicyWatch.Classifying;

/// <summary>The text of an item that tagging reads, by field.</summary>
public sealed record ClassifiableText(string Title, string? Summary, string? Text);

/// <summary>Why a tag is on an item: the rule (tag id), the phrase that matched and the field it matched in.</summary>
public sealed record TagReason(string Tag, string Phrase, string Field);

/// <summary>The tags an item gets, each explained by at least one <see cref="TagReason"/>.</summary>
public sealed record Classification(
    IReadOnlyList<string> Dossiers,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Jurisdictions,
    IReadOnlyList<TagReason> Why)
{
    /// <summary>True when a dossier or topic matched: what <c>"keep": "matching"</c> sources keep.</summary>
    public bool MatchesAnything => Dossiers.Count > 0 || Topics.Count > 0;
}
