using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace PolicyWatch.Storage;

/// <summary>
/// What kind of official step an event is, so that two sources' names for one step compare equal:
/// the Parliament's API says "Plenary vote", the Legislative Observatory "Decision by Parliament,
/// 1st reading", a curated milestone "plenary vote". A step's name is its stage, else (the Legislative
/// Observatory's rows carry none) its title.
/// </summary>
/// <remarks>
/// The name is compared in lower case with its spaces collapsed and a trailing bracket dropped
/// ("2nd reading (Commons)", "… (Rule 71)"); a name not in <see cref="Table"/> is tried again without
/// what follows its first comma ("Vote in committee, 1st reading"); a name still not found is its own
/// kind. The table is deliberately small: a kind is a step that two sources can both report.
/// </remarks>
public static partial class StepKinds
{
    /// <summary>Each kind, and the names sources give it. README "One event per step" lists the same.</summary>
    public static readonly IReadOnlyList<(string Kind, string[] Names)> Table =
    [
        ("proposal", ["proposal", "legislative proposal", "legislative proposal published", "commission proposal"]),
        // A UK bill's first reading is its introduction.
        ("first reading", ["first reading", "1st reading", "introduction"]),
        ("second reading", ["second reading", "2nd reading"]),
        ("third reading", ["third reading", "3rd reading"]),
        ("royal assent", ["royal assent"]),
        ("committee vote", ["committee vote", "vote in committee", "report adopted in committee", "vote scheduled in committee"]),
        ("plenary debate", ["plenary debate", "debate in parliament", "debate in plenary"]),
        // A forecast ("indicative plenary sitting date") and the vote that happens that day are one step.
        ("plenary vote", ["plenary vote", "plenary", "vote in plenary", "decision by parliament", "results of vote in parliament",
            "plenary vote results", "parliament's position adopted in plenary", "amendments adopted in plenary",
            "indicative plenary sitting date", "mandate for interinstitutional negotiations confirmed in plenary",
            "committee decision to enter into interinstitutional negotiations confirmed by plenary"]),
        ("adoption", ["adoption", "final act signed", "signature", "act adopted by council after parliament's 1st reading"]),
        ("publication in the official journal", ["final act published in official journal", "published in the official journal"]),
        ("entry into force", ["entry into force"]),
    ];

    private static readonly FrozenDictionary<string, string> ByName =
        Table.SelectMany(row => row.Names.Select(name => (name, row.Kind))).ToFrozenDictionary(p => p.name, p => p.Kind, StringComparer.Ordinal);

    /// <summary>The kind of step: a kind of <see cref="Table"/>, else the name itself, trimmed.</summary>
    public static string Of(string? stage, string title)
    {
        var name = (string.IsNullOrWhiteSpace(stage) ? title : stage).Trim();
        var simple = Simplify(name);
        if (ByName.TryGetValue(simple, out var kind)) return kind;
        var comma = simple.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && ByName.TryGetValue(simple[..comma].TrimEnd(), out kind)) return kind;
        return name;
    }

    /// <summary>True when two steps' names are the same kind of step.</summary>
    public static bool Same(string kind, string other) => string.Equals(kind, other, StringComparison.OrdinalIgnoreCase);

    private static string Simplify(string name)
    {
        var text = Spaces().Replace(name.Replace('\u2019', '\''), " ").ToLowerInvariant();
        return TrailingBracket().Replace(text, "").Trim();
    }

    [GeneratedRegex(@"\s+", RegexOptions.NonBacktracking)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\s*\([^()]*\)\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex TrailingBracket();
}
