using System.Text;
using PolicyWatch.Classifying;

namespace PolicyWatch.Stories;

/// <summary>
/// The words of an item that say which event it reports: its title (counted twice: a headline names the event)
/// and the start of its summary, folded as the tagger folds them (lower case, accents and punctuation gone,
/// <see cref="Folding"/>), amounts written one way ("€120M" as "120 million"), without function words, each cut to a
/// rough stem so that "delays", "delayed" and "delay" are one word. Each word is kept as a 64-bit hash with its count.
/// </summary>
/// <remarks>
/// Content is hostile: only the first <see cref="TitleChars"/> of the title and <see cref="SummaryChars"/> of the
/// summary are read, and at most <see cref="MaxTerms"/> different words kept, so the work per item is bounded
/// whatever a feed sends. Linear in the text read.
/// </remarks>
public static class StoryText
{
    public const int TitleChars = 400;
    public const int SummaryChars = 1_000;
    public const int MaxTerms = 64;

    /// <summary>The key no word hashes to: the store keeps its count of documents under it.</summary>
    public const long DocumentCountKey = 0;

    // Function words and the words of reporting itself: they say nothing about which event an item reports.
    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "from", "at", "as", "is", "are", "was",
        "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "has", "have", "had", "will", "would",
        "can", "could", "may", "might", "must", "shall", "should", "do", "does", "did", "not", "no", "but", "if", "than",
        "then", "so", "such", "into", "over", "under", "about", "after", "before", "against", "between", "during",
        "through", "up", "down", "out", "off", "again", "further", "once", "here", "there", "when", "where", "why", "how",
        "all", "any", "both", "each", "few", "more", "most", "other", "some", "own", "same", "very", "just", "now", "new",
        "says", "said", "say", "also", "which", "who", "whom", "whose", "what", "while", "until", "because", "per", "via",
        "amid", "within", "without", "across", "toward", "towards", "onto", "upon", "their", "they", "them", "he", "she",
        "his", "her", "we", "our", "you", "your", "my", "me", "us", "one", "two", "first", "last",
    };

    /// <summary>The item's words as hashes, each with how often it occurs (title words twice).</summary>
    public static IReadOnlyDictionary<long, int> Terms(string title, string? summary)
    {
        var counts = new Dictionary<long, int>();
        Add(counts, Cut(title, TitleChars), weight: 2);
        Add(counts, Cut(summary ?? "", SummaryChars), weight: 1);
        return counts;
    }

    private static string Cut(string text, int chars) => text.Length <= chars ? text : text[..chars];

    private static void Add(Dictionary<long, int> counts, string text, int weight)
    {
        foreach (var word in Words(text))
        {
            if (word.Length < 2 || Stop.Contains(word)) continue;
            var term = Hash(Stem(word));
            if (counts.TryGetValue(term, out var count)) counts[term] = count + weight;
            else if (counts.Count < MaxTerms) counts[term] = weight;
        }
    }

    // How outlets abbreviate an amount's size: "€120M", "$1.2bn", "120 mn".
    private static readonly Dictionary<string, string> Magnitudes = new(StringComparer.Ordinal)
    {
        ["k"] = "thousand", ["m"] = "million", ["mn"] = "million", ["b"] = "billion", ["bn"] = "billion",
    };

    /// <summary>
    /// The folded words, amounts written one way: a fine or a claim is what outlets' headlines share most exactly,
    /// but one writes "€120M" and another "120 million euros" ("120" "million" both), "$1.2B" and "$1.2 billion"
    /// ("12" "billion"). The currency is left to the words: its sign is punctuation to the folding.
    /// </summary>
    internal static IEnumerable<string> Words(string text)
    {
        var afterNumber = false;
        foreach (var word in Folding.Fold(JoinDigitGroups(text)).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var digits = 0;
            while (digits < word.Length && char.IsAsciiDigit(word[digits])) digits++;
            if (digits > 0 && digits < word.Length && Magnitudes.TryGetValue(word[digits..], out var magnitude))
            {
                yield return word[..digits];
                yield return magnitude;
            }
            else if (afterNumber && Magnitudes.TryGetValue(word, out magnitude)) yield return magnitude;
            else yield return word;
            afterNumber = digits == word.Length;
        }
    }

    // "1.2" and "26,000" are one number each, not "1" "2" and "26" "000": a point or comma between digits goes.
    private static string JoinDigitGroups(string text)
    {
        var joined = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
            if (!(text[i] is '.' or ',' && i > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1])))
                joined.Append(text[i]);
        return joined.ToString();
    }

    /// <summary>
    /// A rough English stem: plural and verb endings off, then a final e ("images", "image" → "imag"; "scanning",
    /// "scanned" → "scan"; "fined", "fines" → "fin"; "policies" → "policy"). Enough for headlines to meet; not a
    /// linguist's stemmer.
    /// </summary>
    internal static string Stem(string word)
    {
        var stem = word;
        if (stem.Length > 5 && stem.EndsWith("ies", StringComparison.Ordinal)) return stem[..^3] + "y";
        if (stem.Length > 4 && (stem.EndsWith("ses", StringComparison.Ordinal) || stem.EndsWith("xes", StringComparison.Ordinal)
                                || stem.EndsWith("ches", StringComparison.Ordinal) || stem.EndsWith("shes", StringComparison.Ordinal)))
            stem = stem[..^2];
        else if (stem.Length > 3 && stem[^1] == 's' && stem[^2] is not ('s' or 'u' or 'i')) stem = stem[..^1];
        if (stem.Length > 5 && stem.EndsWith("ing", StringComparison.Ordinal)) stem = Undouble(stem[..^3]);
        else if (stem.Length > 4 && stem.EndsWith("ed", StringComparison.Ordinal)) stem = Undouble(stem[..^2]);
        return stem.Length > 3 && stem[^1] == 'e' ? stem[..^1] : stem;
    }

    // "scann" → "scan", "stopp" → "stop"; "fall", "pass" and "buzz" keep their double letter.
    private static string Undouble(string stem) =>
        stem.Length > 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') && !IsVowel(stem[^1]) ? stem[..^1] : stem;

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    /// <summary>FNV-1a, 64 bits, of the word's UTF-16 code units; never <see cref="DocumentCountKey"/>.</summary>
    internal static long Hash(string word)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in word)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return hash == 0 ? 1 : unchecked((long)hash);
    }
}
