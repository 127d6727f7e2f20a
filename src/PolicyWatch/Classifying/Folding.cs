using System.Globalization;
using System.Text;

namespace PolicyWatch.Classifying;

/// <summary>
/// Folds text so that phrases match however an outlet writes them: lower case, accents
/// stripped (é = e), ligatures and ß spelled out (ß = ss), and every run of punctuation,
/// quotes, hyphens and whitespace turned into one space ("client-side" = "client side",
/// "2022/0155(COD)" = "2022 0155 cod"). Combining marks and invisible format characters
/// (soft hyphens, zero-width joiners) vanish, so decomposed accents fold like composed ones.
/// </summary>
/// <remarks>
/// The build runs with InvariantGlobalization, where string.Normalize does nothing, so the
/// accent table below is ours (generated once from Unicode NFKD for Latin, plus Greek tonos
/// and Cyrillic ё). One lookup per character keeps the classifier a single pass.
/// </remarks>
public static class Folding
{
    /// <summary>Marks a character in <see cref="Table"/> that is dropped without breaking a word.</summary>
    internal const char Skip = '\0';

    /// <summary>Marks a character in <see cref="Table"/> that separates words.</summary>
    internal const char Separator = ' ';

    /// <summary>Marks a character in <see cref="Table"/> that folds to several letters; see <see cref="Expansions"/>.</summary>
    internal const char Expands = '\uFFFF';

    private static readonly (char Base, string Accented)[] AccentedLetters =
    [
        ('a', "àáâãäåāăąǎǟǡǻȁȃȧḁạảấầẩẫậắằẳẵặ"), ('b', "ḃḅḇ"), ('c', "çćĉċčḉ"), ('d', "ďđḋḍḏḑḓð"),
        ('e', "èéêëēĕėęěȅȇȩḕḗḙḛḝẹẻẽếềểễệ"), ('f', "ḟ"), ('g', "ĝğġģǧǵḡ"), ('h', "ĥȟḣḥḧḩḫẖ"),
        ('i', "ìíîïĩīĭįǐȉȋḭḯỉịı"), ('j', "ĵǰ"), ('k', "ķǩḱḳḵ"), ('l', "ĺļľḷḹḻḽłŀ"), ('m', "ḿṁṃ"),
        ('n', "ñńņňǹṅṇṉṋ"), ('o', "òóôõöōŏőơǒǫǭȍȏȫȭȯȱṍṏṑṓọỏốồổỗộớờởỡợøǿ"), ('p', "ṕṗ"),
        ('r', "ŕŗřȑȓṙṛṝṟ"), ('s', "śŝşšſșṡṣṥṧṩẛ"), ('t', "ţťțṫṭṯṱẗ"),
        ('u', "ùúûüũūŭůűųưǔǖǘǚǜȕȗṳṵṷṹṻụủứừửữự"), ('v', "ṽṿ"), ('w', "ŵẁẃẅẇẉẘ"), ('x', "ẋẍ"),
        ('y', "ýÿŷȳẏẙỳỵỷỹ"), ('z', "źżžẑẓẕ"),
        ('α', "ά"), ('ε', "έ"), ('η', "ή"), ('ι', "ίϊΐ"), ('ο', "ό"), ('υ', "ύϋΰ"), ('ω', "ώ"), ('е', "ё"),
    ];

    private static readonly Dictionary<char, string> Spelled = new()
    {
        ['ß'] = "ss", ['ẞ'] = "ss", ['æ'] = "ae", ['ǣ'] = "ae", ['ǽ'] = "ae", ['œ'] = "oe", ['þ'] = "th",
        ['ĳ'] = "ij", ['ǆ'] = "dz", ['ǳ'] = "dz", ['ǉ'] = "lj", ['ǌ'] = "nj", ['ﬀ'] = "ff", ['ﬁ'] = "fi",
        ['ﬂ'] = "fl", ['ﬃ'] = "ffi", ['ﬄ'] = "ffl", ['ﬅ'] = "st", ['ﬆ'] = "st", ['İ'] = "i",
    };

    /// <summary>The letters of each character marked <see cref="Expands"/>, upper-case forms included.</summary>
    internal static IReadOnlyDictionary<char, string> Expansions { get; } = Spelled
        .Concat(Spelled.Select(p => KeyValuePair.Create(char.ToUpperInvariant(p.Key), p.Value)))
        .DistinctBy(p => p.Key).ToDictionary();

    /// <summary>What each UTF-16 code unit folds to: a letter or digit, <see cref="Skip"/>, <see cref="Separator"/> or <see cref="Expands"/>.</summary>
    internal static char[] Table { get; } = BuildTable();

    /// <summary>The folded form of <paramref name="text"/>: words separated by single spaces, no leading or trailing space.</summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            var f = Table[c];
            if (f == Skip) continue;
            if (f == Separator) { pendingSpace = folded.Length > 0; continue; }
            if (pendingSpace) { folded.Append(' '); pendingSpace = false; }
            if (f == Expands) folded.Append(Expansions[c]);
            else folded.Append(f);
        }
        return folded.ToString();
    }

    private static char[] BuildTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++) table[i] = FoldOne((char)i);
        foreach (var (letter, accented) in AccentedLetters)
            foreach (var c in accented)
            {
                table[c] = letter;
                table[char.ToUpperInvariant(c)] = letter;
            }
        foreach (var c in Expansions.Keys) table[c] = Expands;
        return table;
    }

    private static char FoldOne(char c) => CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format => Skip,
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber => char.ToLowerInvariant(c),
        // Surrogate halves are kept as opaque word characters so that emoji and rare scripts
        // neither match a phrase nor split a word.
        UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse => c,
        _ => Separator,
    };
}
