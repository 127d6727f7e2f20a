namespace PolicyWatch.Normalizing;

/// <summary>
/// Who wrote an item, one name per person or organisation, read from the creator strings of a feed (each
/// dc:creator, Atom author, JSON Feed author). One creator may name several people ("Paddy Leerssen, Rachel
/// Griffin", "A B and C D"), and an organisation's name may hold a comma or an "and" ("Department for Science,
/// Innovation and Technology"), so the rules prefer keeping a string whole to cutting a name in two.
/// </summary>
/// <remarks>
/// A creator is cut into names at ";", at the word "and" or "&amp;" and at commas (also "、" and "，"). Then:
/// <list type="bullet">
/// <item>"Family, Given": a family name of one word (lower-case particles such as "von der" before it) followed
/// by one to three given names or initials is one person: "Leerssen, Paddy", "Leerssen, P.", and
/// "Leerssen, Paddy, Griffin, Rachel" is two.</item>
/// <item>A suffix ("Jr.", "Sr.", "II", "III", "IV") stays with the name before it: "Martin Luther King, Jr.".</item>
/// <item>A string that names an organisation (<see cref="NamesOrganisation"/>) is cut only at ";", "and" or
/// "&amp;" and only when every name it gives has two words or more ("Jane Doe and European Digital Rights"), so
/// "Department for Science, Innovation and Technology", "Center for Democracy &amp; Technology" and "Jane Doe,
/// Staff Writer" stay whole; any other string is cut unless every name it gives is a single word ("Marks and
/// Spencer", "Ernst &amp; Young"). "&amp; Co." never separates.</item>
/// <item>Names in a family-first script (Han, Hiragana, Katakana, Hangul) count as whole names, however
/// they are spaced.</item>
/// </list>
/// Every step is a scan of the string, so the work is linear in its length.
/// </remarks>
public static class AuthorNames
{
    /// <summary>
    /// The names of an item from its creators, in order, without repeats (compared ignoring case): at most
    /// <see cref="TextLimits.Authors"/> names of at most <see cref="TextLimits.Author"/> characters.
    /// </summary>
    /// <param name="publisher">The source's name: a creator that is the publisher itself is never cut.</param>
    /// <param name="cut">Whether a name was shortened or names were left out to keep within the limits.</param>
    public static IReadOnlyList<string> Read(IEnumerable<string?> creators, string? publisher, out bool cut)
    {
        cut = false;
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var creator in creators)
        {
            if (string.IsNullOrWhiteSpace(creator)) continue;
            // No creator can hold more names than an item keeps; reading further would only be thrown away.
            var bounded = creator.Length > MaxCreatorLength ? creator[..MaxCreatorLength] : creator;
            cut |= bounded.Length < creator.Length;
            foreach (var name in Split(bounded, publisher))
            {
                cut |= TextLimits.TryCut(name, TextLimits.Author, out var kept);
                if (!seen.Add(kept)) continue;
                if (names.Count == TextLimits.Authors)
                {
                    cut = true;
                    return names;
                }
                names.Add(kept);
            }
        }
        return names;
    }

    private const int MaxCreatorLength = TextLimits.Authors * (TextLimits.Author + 2);

    /// <summary>The people and organisations one creator string names, in order (see the remarks for the rules).</summary>
    /// <param name="publisher">The source's name: a creator that is the publisher itself is never cut.</param>
    public static IReadOnlyList<string> Split(string creator, string? publisher = null)
    {
        var text = HtmlText.CollapseWhitespace(creator);
        if (text.Length == 0) return [];
        if (IsPublisher(text, publisher)) return [text];
        var parts = Parts(text).ToList();
        var names = parts.SelectMany(NamesInPart).ToList();
        if (names.Count <= 1) return [names.Count == 1 ? names[0] : text];
        var singleWords = names.Count(IsOneWord);
        var keepWhole = NamesOrganisation(text, publisher) ? parts.Count == 1 || singleWords > 0 : singleWords == names.Count;
        return keepWhole ? [text] : names;
    }

    /// <summary>
    /// Whether a name is an organisation's by its words alone: it is the publisher's, holds a digit, an '@' or
    /// a '/', a word organisations use ("Commission", "Foundation", "Group", "Staff"…), a lower-case "of",
    /// "for" or "the" ("Office of the…", "Department for…"), starts with "The", or starts with an acronym of
    /// three capitals or more in an otherwise lower-case name ("EFF Deeplinks"; an all-capitals byline such as
    /// "ANNA BERG" is a person).
    /// </summary>
    public static bool NamesOrganisation(string name, string? publisher)
    {
        if (IsPublisher(name, publisher)) return true;
        if (name.AsSpan().IndexOfAny(OrganisationMarks) >= 0) return true;
        var words = Words(name);
        if (words.Length == 0) return false;
        if (words[0] == "The" || words.Any(w => w is "of" or "for" or "the" || OrganisationWords.Contains(w))) return true;
        return words[0].Length >= 3 && words[0].All(char.IsUpper) && name.Count(char.IsLower) > name.Count(char.IsUpper);
    }

    /// <summary>Whether a name is written in a script whose names put the family first and have no initials (Han, Kana, Hangul).</summary>
    public static bool IsFamilyFirstScript(string name)
    {
        foreach (var c in name)
            if (c is >= '\u1100' and <= '\u11FF' // Hangul Jamo
                or >= '\u3040' and <= '\u30FF' // Hiragana, Katakana
                or >= '\u3130' and <= '\u318F' // Hangul Compatibility Jamo
                or >= '\u31F0' and <= '\u31FF' // Katakana Phonetic Extensions
                or >= '\u3400' and <= '\u4DBF' // CJK Extension A
                or >= '\u4E00' and <= '\u9FFF' // CJK Unified Ideographs
                or >= '\uAC00' and <= '\uD7AF' // Hangul Syllables
                or >= '\uF900' and <= '\uFAFF') // CJK Compatibility Ideographs
                return true;
        return false;
    }

    /// <summary>"Jr.", "Sr." (any case, with or without the period), "II", "III", "IV": a suffix, not a name of its own.</summary>
    public static bool IsSuffix(string word) =>
        word.TrimEnd('.') is var bare && (bare.Equals("Jr", StringComparison.OrdinalIgnoreCase) || bare.Equals("Sr", StringComparison.OrdinalIgnoreCase)
            || bare is "II" or "III" or "IV");

    /// <summary>Lower-case particles that belong to the family name: "Ursula von der Leyen" → "von der Leyen".</summary>
    public static bool IsParticle(string word) => Particles.Contains(word);

    /// <summary>The parts of a creator between ";", "and" and "&amp;", each without the commas at its ends.</summary>
    private static IEnumerable<string> Parts(string text)
    {
        foreach (var segment in text.Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = segment.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var start = 0;
            for (var i = 0; i <= words.Length; i++)
            {
                if (i < words.Length && !IsConjunction(words, i)) continue;
                var part = string.Join(' ', words, start, i - start).Trim(',', ' ', '、', '，');
                if (part.Length > 0) yield return part;
                start = i + 1;
            }
        }
    }

    private static bool IsConjunction(string[] words, int i) =>
        words[i].Equals("and", StringComparison.OrdinalIgnoreCase)
        || words[i] == "&" && !(i + 1 < words.Length && words[i + 1].TrimEnd('.', ',') == "Co");

    /// <summary>The names in one part: its comma-separated pieces, a suffix kept with its name, "Family, Given" pairs joined.</summary>
    private static IEnumerable<string> NamesInPart(string part)
    {
        var pieces = new List<string>();
        foreach (var piece in part.Split([',', '、', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // One suffix a name: "A, Jr., Jr., …" costs one join per name, not one per suffix.
            if (pieces.Count > 0 && IsSuffix(piece) && !pieces[^1].Contains(',')) pieces[^1] += ", " + piece;
            else pieces.Add(piece);
        }
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i + 1 < pieces.Count && IsFamilyName(pieces[i]) && IsGivenNames(pieces[i + 1]))
            {
                yield return $"{pieces[i]}, {pieces[i + 1]}";
                i++;
            }
            else yield return pieces[i];
        }
    }

    /// <summary>One word, after any lower-case particles: "Leerssen", "von der Leyen", "García-López"; maybe with a suffix after a comma.</summary>
    private static bool IsFamilyName(string piece)
    {
        if (IsFamilyFirstScript(piece)) return false;
        var words = BeforeSuffix(piece).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && words[..^1].All(IsParticle) && char.IsLetter(words[^1][0]);
    }

    /// <summary>One to three given names or initials ("Paddy", "P.", "J. A.", "María José"), maybe with a suffix after a comma.</summary>
    private static bool IsGivenNames(string piece)
    {
        if (IsFamilyFirstScript(piece)) return false;
        var words = BeforeSuffix(piece).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is >= 1 and <= 3 && words.All(w => char.IsLetter(w[0]));
    }

    /// <summary>A piece without the ", Jr." that <see cref="NamesInPart"/> joined to it.</summary>
    private static string BeforeSuffix(string piece) => piece.IndexOf(',') is var comma and >= 0 ? piece[..comma] : piece;

    private static bool IsOneWord(string name) => !name.Contains(' ') && !IsFamilyFirstScript(name);

    private static bool IsPublisher(string name, string? publisher) =>
        publisher is not null && string.Equals(name, HtmlText.CollapseWhitespace(publisher), StringComparison.OrdinalIgnoreCase);

    /// <summary>The words of a name without the punctuation around them ("(EFF)" → "EFF", "Ltd.," → "Ltd").</summary>
    private static string[] Words(string name) =>
        name.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.', ',', ';', ':', '(', ')', '"', '\''))
            .Where(w => w.Length > 0).ToArray();

    private static readonly char[] OrganisationMarks = ['@', '/', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la", "le", "ter", "ten", "bin", "al",
    };

    private static readonly HashSet<string> OrganisationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Academy", "Agency", "Alliance", "Association", "Authority", "Board", "Bureau", "Campaign", "Center", "Centre",
        "Coalition", "Commission", "Committee", "Council", "Department", "Desk", "Editor", "Editors", "Editorial",
        "Foundation", "GmbH", "Government", "Group", "Inc", "Initiative", "Institute", "International", "LLC", "LLP",
        "Ltd", "Media", "Ministry", "Network", "News", "Newsroom", "Observatory", "Office", "Ofcom", "Organisation",
        "Organization", "Parliament", "Press", "Project", "Redaktion", "Reporters", "Rights", "Secretariat", "Service",
        "Society", "Staff", "Team", "Trust", "University", "Writer", "Writers",
    };
}
