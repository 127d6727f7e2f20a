namespace PolicyWatch.Stories;

/// <summary>
/// When two items are one story. Measured on the labelled pairs in tests/PolicyWatch.Tests/Stories/testdata
/// (README, "Stories"): the threshold was chosen on the tuning half only; the other values were fixed before.
/// </summary>
public sealed record StoryRules
{
    /// <summary>The rules PolicyWatch runs with.</summary>
    public static StoryRules Default { get; } = new();

    /// <summary>Items more than this many days apart (by publication date) are never joined by their words.</summary>
    public int WindowDays { get; init; } = 4;

    /// <summary>
    /// The words of an item that candidates are looked up by: its heaviest. The lookup only bounds the work; the
    /// cosine decides. With 8 keys it missed 17 % of the labelled set's pairs within the window that reach the
    /// cosine threshold (which pairs it missed shifted with the word frequencies), with 16 one in 114.
    /// </summary>
    public int Keys { get; init; } = 16;

    /// <summary>A candidate shares at least this many of its keys with the item.</summary>
    public int SharedKeys { get; init; } = 2;

    /// <summary>The lowest cosine at which an item joins a candidate's story.</summary>
    public double Threshold { get; init; } = 0.22;

    /// <summary>At most this many candidates are compared with an item, those sharing most keys first.</summary>
    public int MaxCandidates { get; init; } = 50;
}
