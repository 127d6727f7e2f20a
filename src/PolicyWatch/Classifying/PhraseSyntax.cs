namespace PolicyWatch.Classifying;

/// <summary>
/// The little language of a phrase in feeds.json. Everything is folded first (see
/// <see cref="Folding"/>), so case, accents, quotes, hyphens and brackets never matter, and a
/// reference such as "2022/0155(COD)" is just the words "2022 0155 cod", anchored on word
/// boundaries so it cannot match inside a longer number.
/// <list type="bullet">
/// <item><c>chat control</c> — the words, whole: "chat controls" does not match (no stemming,
/// so a tag is always explained by exactly what was written; list plurals, or use *).</item>
/// <item><c>Chatkontroll*</c> — a trailing * lets the last word go on (Chatkontrolle, Chatkontrollen).</item>
/// <item><c>DSA ~ EU | Commission | Digital Services</c> — an ambiguous short form counts only in
/// context: when one of the terms after ~ also occurs anywhere in the item (any field). "DSA" alone
/// could be the Democratic Socialists of America or the Digital Signature Algorithm; "DSA" beside
/// "Commission" is the Digital Services Act. The terms are explicit, so that the full name, when
/// it should confirm the short form, is listed among them.</item>
/// <item><c>scan* ~ iPhone* | device* ~ photo* | image*</c> — several ~ lists must all be met: each
/// needs one of its terms somewhere in the item (scanning, on a device, of photos). A family of
/// such rules describes a policy by what it does when an item does not name it.</item>
/// <item><c>Apple ~[8] scan* | scanning ~[8] photo* | image*</c> — a list written <c>~[N]</c> must be
/// met within N words of the phrase, in the same field (neighbouring words are one word apart): the
/// policy described by what it does holds together in one sentence, not across a long archived text
/// that mentions Apple in one paragraph and photo scanning in another. N is 1 to 50.</item>
/// <item><c>chat control !~ temporary | interim</c> — the phrase does not count when one of the
/// terms after !~ occurs anywhere in the item (the phrase means something else there).</item>
/// <item><c>fined ~ Ofcom @uk</c> — a trailing @jurisdiction says where the policy named by this
/// phrase applies: a topic that declares no jurisdiction of its own takes those of its matched
/// phrases (a fine by Ofcom is UK enforcement, a fine by the Commission is EU enforcement).</item>
/// <item><c>client-side scanning @global if unplaced</c> — the jurisdiction applies only when nothing
/// else places the item (no dossier, no placing phrase, no other law): a critique of scanning that
/// names no country's law is a debate not tied to one jurisdiction.</item>
/// </list>
/// A rule's <c>exclude</c> phrases are different: they mark longer names that contain a phrase
/// but mean something else ("Kids Online Safety Act" contains "Online Safety Act"); a match
/// lying inside an exclude match is ignored (as a phrase and as a context term), other matches in
/// the same item still count. An exclude phrase may end in @jurisdiction too (<c>Kids Online
/// Safety Act @us</c>): the other law is not tracked, but where it applies is known, so an item
/// about it is placed there when no tracked policy places it (see <see cref="Classifier"/>).
/// </summary>
internal static class PhraseSyntax
{
    private const string Needs = "~";
    private const string Unless = "!~";
    private const string Jurisdiction = "@";
    private const string IfUnplaced = " if unplaced";
    private const int MaxWindow = 50;

    /// <summary>Parses one phrase; throws <see cref="FormatException"/> when a part folds to nothing.</summary>
    public static PhraseRule Parse(string written)
    {
        var (body, jurisdiction) = SplitLast(written, Jurisdiction);
        var ifUnplaced = jurisdiction is not null && jurisdiction.TrimEnd().EndsWith(IfUnplaced, StringComparison.OrdinalIgnoreCase);
        if (ifUnplaced) jurisdiction = jurisdiction!.TrimEnd()[..^IfUnplaced.Length];
        var (head, unless) = SplitOnce(body, Unless);
        var parts = head.Split(Needs);
        if (parts[0].Contains('|'))
            throw new FormatException($"phrase \"{written}\" lists alternatives before its first ~; write one phrase for each");
        var needs = parts.Skip(1).Select(group => ContextList(group, written)).ToArray();
        if (unless is not null && unless.TrimStart().StartsWith('['))
            throw new FormatException($"phrase \"{written}\" gives a window to its !~ list; only ~ lists take one");
        return new PhraseRule(parts[0].Trim(), Term(parts[0], written), needs, Terms(unless, written), jurisdiction?.Trim(), ifUnplaced);
    }

    /// <summary>One ~ list: its terms, and the window in words it must be met within (null: anywhere in the item).</summary>
    private static ContextList ContextList(string group, string written)
    {
        var trimmed = group.TrimStart();
        if (!trimmed.StartsWith('[')) return new ContextList(Terms(group, written), null);
        var close = trimmed.IndexOf(']');
        if (close < 0 || !int.TryParse(trimmed[1..close], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var words)
            || words < 1 || words > MaxWindow)
            throw new FormatException($"phrase \"{written}\" has a window that is not [N] words, N from 1 to {MaxWindow}");
        return new ContextList(Terms(trimmed[(close + 1)..], written), words);
    }

    /// <summary>Parses one exclude phrase: a term and an optional @jurisdiction.</summary>
    public static ExcludePhrase ParseExclude(string written)
    {
        var (body, jurisdiction) = SplitLast(written, Jurisdiction);
        return new ExcludePhrase(body.Trim(), Term(body, written), jurisdiction?.Trim());
    }

    /// <summary>The automaton pattern for one term: folded, wrapped in word-boundary spaces, open-ended after a trailing *.</summary>
    public static string Term(string term, string written)
    {
        var trimmed = term.Trim();
        var prefix = trimmed.EndsWith('*');
        var folded = Folding.Fold(prefix ? trimmed[..^1] : trimmed);
        if (folded.Length == 0) throw new FormatException($"phrase \"{written}\" has a part with no letters or digits");
        return prefix ? " " + folded : " " + folded + " ";
    }

    private static string[] Terms(string? list, string written) =>
        list is null ? [] : list.Split('|').Select(t => Term(t, written)).ToArray();

    private static (string Before, string? After) SplitLast(string text, string marker)
    {
        var at = text.LastIndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? (text, null) : (text[..at], text[(at + marker.Length)..]);
    }

    private static (string Before, string? After) SplitOnce(string text, string marker)
    {
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? (text, null) : (text[..at], text[(at + marker.Length)..]);
    }
}

/// <summary>A parsed exclude phrase: the longer name, its pattern, and where that other law applies (if said).</summary>
internal sealed record ExcludePhrase(string Written, string Pattern, string? Jurisdiction);

/// <summary>
/// A parsed phrase: <see cref="Written"/> is what the why record shows, the rest are automaton
/// patterns. <see cref="Needs"/> holds one list per ~: every list needs one of its terms in the item.
/// </summary>
/// <param name="IfUnplaced">The jurisdiction applies only to an item nothing else places.</param>
internal sealed record PhraseRule(string Written, string Pattern, IReadOnlyList<ContextList> Needs,
    IReadOnlyList<string> Unless, string? Jurisdiction, bool IfUnplaced = false);

/// <summary>A ~ list: its terms as patterns, and how many words from the phrase one must be (null: anywhere).</summary>
internal sealed record ContextList(IReadOnlyList<string> Terms, int? Within);
