using System.Text.RegularExpressions;

namespace PolicyWatch.Citing;

/// <summary>
/// A name as citation styles need it: a person split into family and given names, or an
/// organisation kept whole (<see cref="Literal"/>), which no style may invert or abbreviate.
/// </summary>
public sealed partial record AuthorName(string? Family, string? Given, string? Literal)
{
    public bool IsOrganisation => Literal is not null;

    /// <summary>"Doe, Jane" (a person) or the organisation's name.</summary>
    public string Inverted => Literal ?? (Given is null ? Family! : $"{Family}, {Given}");

    /// <summary>"Jane Doe" (a person) or the organisation's name.</summary>
    public string Natural => Literal ?? (Given is null ? Family! : $"{Given} {Family}");

    /// <summary>APA's form: "Doe, J. A." for a person, the full name for an organisation.</summary>
    public string WithInitials => Literal ?? (Given is null ? Family! : $"{Family}, {Initials(Given)}");

    public static AuthorName Organisation(string name) => new(null, null, name);

    public static AuthorName Person(string family, string? given) => new(family, given, null);

    /// <summary>
    /// Reads a name as feeds give it. Feeds do not say whether an author is a person, so this
    /// guesses, preferring to keep a name whole: a name is an organisation when it is the
    /// publisher's, a single word ("EDRi", "admin"), longer than five words, or holds a digit,
    /// an '@' or a word organisations use ("Group", "Commission", "Staff"…).
    /// "Family, Given" is read as written; otherwise the last word (with particles such as
    /// "von der") is the family name.
    /// </summary>
    public static AuthorName Parse(string raw, string? publisher = null)
    {
        var name = CitationText.Clean(EmailWithName().Match(raw) is { Success: true } m ? m.Groups["name"].Value : raw);
        if (LooksLikeOrganisation(name, publisher)) return Organisation(name);
        var comma = name.IndexOf(',');
        if (comma > 0)
        {
            var given = name[(comma + 1)..].Trim();
            return Person(name[..comma].Trim(), given.Length == 0 ? null : given);
        }
        var words = name.Split(' ');
        var familyStart = words.Length - 1;
        while (familyStart > 1 && Particles.Contains(words[familyStart - 1])) familyStart--;
        return Person(string.Join(' ', words[familyStart..]), string.Join(' ', words[..familyStart]));
    }

    private static bool LooksLikeOrganisation(string name, string? publisher)
    {
        if (publisher is not null && string.Equals(name, CitationText.Clean(publisher), StringComparison.OrdinalIgnoreCase))
            return true;
        var words = name.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        return words.Length is <= 1 or > 5
            || name.Any(c => char.IsDigit(c) || c == '@')
            || words.Any(OrganisationWords.Contains);
    }

    /// <summary>"Jane Ann" → "J. A."; "Jean-Paul" → "J.-P."; "J.A." → "J. A.".</summary>
    internal static string Initials(string given) =>
        string.Join(' ', given.Split(' ', StringSplitOptions.RemoveEmptyEntries).SelectMany(InitialsOfWord));

    private static IEnumerable<string> InitialsOfWord(string word)
    {
        if (word.Contains('-'))
        {
            yield return string.Join('-', word.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(Initial));
            yield break;
        }
        foreach (var part in word.Split('.', StringSplitOptions.RemoveEmptyEntries))
            yield return Initial(part);
    }

    private static string Initial(string part)
    {
        var letter = part.FirstOrDefault(char.IsLetter);
        return letter == default ? part : char.ToUpperInvariant(letter) + ".";
    }

    // Lower-case particles that belong to the family name: "Ursula von der Leyen" → "von der Leyen".
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la", "le", "ter", "ten", "bin", "al",
    };

    private static readonly HashSet<string> OrganisationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Agency", "Alliance", "Association", "Authority", "Board", "Bureau", "Campaign", "Center", "Centre", "Coalition",
        "Commission", "Committee", "Council", "Department", "Desk", "Editor", "Editors", "Editorial", "Foundation",
        "Government", "Group", "Inc", "Inc.", "Initiative", "Institute", "International", "Ltd", "Ltd.", "Media",
        "Ministry", "Network", "News", "Newsroom", "Office", "Ofcom", "Organisation", "Organization", "Parliament",
        "Press", "Project", "Reporters", "Rights", "Secretariat", "Service", "Society", "Staff", "Team", "Trust",
        "University", "Writer", "Writers",
    };

    // RSS <author> is "email (Name)" by the spec: cite the name. Non-backtracking: with backtracking,
    // "a@a@a@…" made this quadratic (10 s for 20,000 characters of a stored author).
    [GeneratedRegex(@"^\S+@\S+\s*\((?<name>[^)]+)\)$", RegexOptions.NonBacktracking)]
    private static partial Regex EmailWithName();
}
