using System.Text;

namespace PolicyWatch.Normalizing;

/// <summary>
/// How long each text of an item may be when stored. Content is hostile: one item with a 9.5 MB title (under the
/// 10 MiB body cap) made every search that matched it hang and every page that listed it weigh megabytes. Each
/// limit sits far above what real feeds carry (the real-world corpus: titles up to 162 characters, authors 49,
/// summaries 20 KB, content 41 KB); a text past its limit is cut at a word or character boundary and ends in
/// <see cref="Mark"/>, and the crawl says so in its fetch note (<see cref="Note"/>).
/// </summary>
public static class TextLimits
{
    /// <summary>Characters of a title: long official titles run to a few hundred.</summary>
    public const int Title = 1_000;

    /// <summary>Characters of one author's name (and of the stored display line of all of them).</summary>
    public const int Author = 500;

    /// <summary>Authors an item keeps, in order: a feed can list thousands; no byline runs to fifty.</summary>
    public const int Authors = 50;

    /// <summary>Characters of a summary, as text and as sanitized HTML: three times the longest real summary.</summary>
    public const int Summary = 64 * 1024;

    /// <summary>Characters of an item's full content text and of an archived page's text: a long report or a whole regulation.</summary>
    public const int Text = 1024 * 1024;

    /// <summary>Characters of a legislative row's stage or reference.</summary>
    public const int Label = 1_000;

    /// <summary>Ends a cut text, so a reader sees that something was left out.</summary>
    public const string Mark = "…";

    /// <summary>The names <see cref="NormalizedItem.Truncated"/> uses, in the order a note lists them.</summary>
    public static readonly string[] Fields = ["title", "author", "summary", "content", "stage", "reference"];

    /// <summary>A word boundary this close to the limit is cut at instead of a character boundary.</summary>
    private const int WordSearch = 100;

    /// <summary>
    /// <paramref name="text"/> as it is when it fits in <paramref name="limit"/> characters, else its start cut at a
    /// word boundary near the limit (a character boundary when none is near, never between a surrogate pair), with
    /// <see cref="Mark"/> at the end, within the limit.
    /// </summary>
    public static string Cut(string text, int limit) => TryCut(text, limit, out var cut) ? cut : text;

    /// <inheritdoc cref="Cut(string, int)"/>
    /// <returns>Whether the text was cut.</returns>
    public static bool TryCut(string? text, int limit, out string cut)
    {
        cut = text ?? "";
        if (text is null || text.Length <= limit) return false;
        var end = Math.Max(0, limit - Mark.Length);
        if (end > 0 && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1])) end--;
        for (var at = end; at > 0 && at > end - WordSearch; at--)
            if (char.IsWhiteSpace(text[at]))
            {
                end = at;
                break;
            }
        cut = text[..end].TrimEnd() + Mark;
        return true;
    }

    /// <summary>
    /// What a fetch note says about items whose texts were cut, e.g. "2 items had fields cut to the limits:
    /// title (1 item), summary (2 items)", after <paramref name="earlier"/> (another note); null when nothing was cut.
    /// </summary>
    public static string? Note(IReadOnlyCollection<NormalizedItem> items, string? earlier = null)
    {
        var cut = items.Where(i => i.Truncated.Count > 0).ToList();
        if (cut.Count == 0) return earlier;
        var fields = cut.SelectMany(i => i.Truncated.Distinct()).GroupBy(f => f)
            .OrderBy(g => Array.IndexOf(Fields, g.Key) is var at and >= 0 ? at : Fields.Length).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({Items(g.Count())})");
        var note = new StringBuilder();
        if (earlier is not null) note.Append(earlier).Append("; ");
        note.Append(Items(cut.Count)).Append(" had fields cut to the limits: ").AppendJoin(", ", fields);
        return note.ToString();
    }

    private static string Items(int count) => count == 1 ? "1 item" : $"{count} items";
}
