using System.Text;

namespace PolicyWatch.Benchmarks.Site;

/// <summary>
/// Text that looks like the tracked coverage to the FTS index: domain words are frequent but not
/// everywhere ("encryption" is in roughly one item in ten), general words follow a Zipf-like curve.
/// </summary>
internal sealed class SyntheticCorpus(int seed)
{
    private static readonly string[] Domain =
    [
        "encryption", "end-to-end", "scanning", "client-side", "Ofcom", "Commission", "Council", "Parliament", "regulation",
        "CSAM", "chat", "control", "detection", "derogation", "trilogue", "mandate", "plenary", "vote", "amendment", "codes",
        "practice", "platforms", "providers", "messaging", "WhatsApp", "Signal", "Apple", "iCloud", "photos", "hashes",
        "privacy", "surveillance", "children", "safety", "online", "harms", "illegal", "content", "moderation", "upload",
        "age", "assurance", "verification", "DSA", "VLOP", "enforcement", "fines", "transparency", "audit", "risk",
        "assessment", "Chatkontrolle", "décision", "Rat", "Bundestag", "netzpolitik", "EDRi", "EFF", "Europol", "NCMEC",
        "backdoor", "cryptographers", "security", "researchers", "experts", "letter", "statement", "coalition", "civil",
        "society", "rapporteur", "Zarzalejos", "Johansson", "presidency", "Belgian", "Hungarian", "Polish", "Danish",
        "compromise", "proposal", "interim", "temporary", "extension", "ePrivacy", "GDPR", "data", "protection", "EDPS",
        "supervisor", "opinion", "court", "judgment", "CJEU", "ECHR", "Strasbourg", "Brussels", "London", "Westminster",
        "Lords", "Commons", "reading", "committee", "LIBE", "IMCO", "consultation", "guidance", "notice", "technology",
        "categorisation", "duties", "search", "services", "pornography", "minors", "grooming", "abuse", "material",
        "reporting", "hotline", "AI", "classifiers", "false", "positives", "accuracy", "metadata", "cloud", "storage",
    ];

    private static readonly string[] General =
    [
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "it", "with", "as", "was", "be", "by", "this", "are",
        "at", "from", "have", "has", "an", "not", "but", "they", "which", "will", "would", "their", "said", "new", "more",
        "been", "its", "also", "after", "could", "about", "than", "other", "into", "over", "law", "rules", "plan", "week",
        "government", "ministers", "users", "companies", "people", "public", "report", "today", "year", "time", "first",
        "states", "member", "text", "debate", "concerns", "critics", "support", "response", "question", "questions",
        "approach", "framework", "measures", "system", "systems", "access", "service", "step", "process", "published",
        "agreed", "rejected", "delayed", "announced", "warned", "argued", "claimed", "called", "says", "told", "meeting",
        "months", "deadline", "position", "version", "draft", "final", "legal", "political", "technical", "industry",
    ];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    public string Sentence(int words)
    {
        var text = new StringBuilder();
        for (var n = 0; n < words; n++)
        {
            if (n > 0) text.Append(' ');
            text.Append(Word());
        }
        text[0] = char.ToUpperInvariant(text[0]);
        return text.Append('.').ToString();
    }

    /// <summary>About <paramref name="length"/> characters of sentences.</summary>
    public string Text(int length)
    {
        var text = new StringBuilder(length + 100);
        while (text.Length < length)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(Sentence(8 + _random.Next(14)));
        }
        return text.ToString();
    }

    private string Word()
    {
        if (_random.NextDouble() < 0.22) return Domain[_random.Next(Domain.Length)];
        // Zipf-like: low ranks far more often.
        var rank = (int)(General.Length * Math.Pow(_random.NextDouble(), 2.2));
        return General[Math.Min(rank, General.Length - 1)];
    }
}
