using System.Text.RegularExpressions;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Citing;

/// <summary>
/// A name as citation styles need it: a person split into family and given names (and a suffix such as "Jr."),
/// or a name kept whole (<see cref="Literal"/>), which no style may invert or abbreviate: an organisation, or a
/// person whose name is written family first in Han, Kana or Hangul.
/// </summary>
public sealed partial record AuthorName(string? Family, string? Given, string? Literal)
{
    /// <summary>"Jr.", "Sr.", "III": after the name in every form ("King, Martin Luther, Jr.", "Martin Luther King Jr.").</summary>
    public string? Suffix { get; init; }

    /// <summary>The name is kept whole, as written: an organisation, or a name in a family-first script.</summary>
    public bool IsLiteral => Literal is not null;

    /// <summary>"Doe, Jane" (a person), "King, Martin Luther, Jr.", or the name kept whole.</summary>
    public string Inverted => Literal ?? Join(Given is null ? Family! : $"{Family}, {Given}", ", ");

    /// <summary>"Jane Doe" (a person), "Martin Luther King Jr.", or the name kept whole.</summary>
    public string Natural => Literal ?? Join(Given is null ? Family! : $"{Given} {Family}", " ");

    /// <summary>APA's form: "Doe, J. A." or "King, M. L., Jr." for a person, the whole name otherwise.</summary>
    public string WithInitials => Literal ?? Join(Given is null ? Family! : $"{Family}, {Initials(Given)}", ", ");

    private string Join(string name, string beforeSuffix) => Suffix is null ? name : name + beforeSuffix + Suffix;

    public static AuthorName Organisation(string name) => new(null, null, name);

    public static AuthorName Person(string family, string? given, string? suffix = null) => new(family, given, null) { Suffix = suffix };

    /// <summary>
    /// Reads one name as a feed gives it (a creator string that names several people is split first, by
    /// <see cref="AuthorNames"/>). Feeds do not say whether an author is a person, so this guesses, preferring
    /// to keep a name whole: it is kept whole when written in Han, Kana or Hangul, when it is the publisher's,
    /// a single word ("EDRi", "admin"), longer than five words, holds "and" or "&amp;", or names an organisation
    /// (<see cref="AuthorNames.NamesOrganisation"/>). A person is "Family, Given" (a family name of one word,
    /// particles allowed), else "Given Family" with the last word (and particles such as "von der" before it)
    /// as the family name; a suffix ("Jr.", "III") is kept apart. Any other comma ("Paddy Leerssen, Rachel
    /// Griffin" given as one name) keeps the name whole rather than guess where it divides.
    /// </summary>
    public static AuthorName Parse(string raw, string? publisher = null)
    {
        var name = CitationText.Clean(EmailWithName().Match(raw) is { Success: true } m ? m.Groups["name"].Value : raw);
        if (KeptWhole(name, publisher)) return Organisation(name);
        var parts = name.Split(',', StringSplitOptions.TrimEntries);
        string? suffix = null;
        if (parts.Length > 1 && AuthorNames.IsSuffix(parts[^1])) (suffix, parts) = (parts[^1], parts[..^1]);
        else if (parts.Length == 3 && AuthorNames.IsSuffix(parts[1])) (suffix, parts) = (parts[1], [parts[0], parts[2]]); // BibTeX's "King, Jr., Martin"
        return parts switch
        {
            [var natural] => FromNaturalOrder(natural, suffix),
            [var family, var given] when IsFamilyName(family) => Person(family, given.Length == 0 ? null : given, suffix),
            _ => Organisation(name),
        };
    }

    private static bool KeptWhole(string name, string? publisher)
    {
        if (AuthorNames.IsFamilyFirstScript(name) || AuthorNames.NamesOrganisation(name, publisher)) return true;
        var words = name.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        return words.Count(w => !AuthorNames.IsSuffix(w)) is <= 1 or > 5
            || words.Any(w => w == "&" || w.Equals("and", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"Ursula von der Leyen" → family "von der Leyen"; "Martin Luther King Jr." → suffix "Jr.".</summary>
    private static AuthorName FromNaturalOrder(string name, string? suffix)
    {
        var words = name.Split(' ');
        if (suffix is null && words.Length > 2 && AuthorNames.IsSuffix(words[^1])) (suffix, words) = (words[^1], words[..^1]);
        var familyStart = words.Length - 1;
        while (familyStart > 1 && AuthorNames.IsParticle(words[familyStart - 1])) familyStart--;
        return Person(string.Join(' ', words[familyStart..]), string.Join(' ', words[..familyStart]), suffix);
    }

    private static bool IsFamilyName(string family)
    {
        var words = family.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && words[..^1].All(AuthorNames.IsParticle);
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

    // RSS <author> is "email (Name)" by the spec: cite the name. Non-backtracking: with backtracking,
    // "a@a@a@…" made this quadratic (10 s for 20,000 characters of a stored author).
    [GeneratedRegex(@"^\S+@\S+\s*\((?<name>[^)]+)\)$", RegexOptions.NonBacktracking)]
    private static partial Regex EmailWithName();
}
