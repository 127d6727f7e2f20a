using System.Globalization;
using System.Text;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Storage.Postgres.Search;

/// <summary>
/// A search hit's snippet from <c>ts_headline</c>, made as HTML-safe as SQLite's (<see cref="SearchSnippet"/>):
/// the stored text is encoded and only our &lt;mark&gt; tags are markup.
/// </summary>
/// <remarks>
/// <para>ts_headline copies the document's text into its answer as it is, and puts <c>StartSel</c> and
/// <c>StopSel</c> around matches; it escapes nothing. So the marks are <see cref="SearchSnippet.Open"/> and
/// <see cref="SearchSnippet.Close"/> (private-use characters, deleted from the text before it reaches
/// ts_headline), and the answer is encoded here, marks becoming balanced &lt;mark&gt; tags.</para>
/// <para>ts_headline also reads <c>&lt;…&gt;</c> as an HTML tag and shows a space instead of it, where SQLite shows
/// the text as it is (encoded): <c>&lt;</c> and <c>&gt;</c> go in as two other private-use characters and come back
/// here.</para>
/// <para>Bounded as SQLite's <c>pw_snippet</c>: at most <see cref="MaxTextBytes"/> bytes of the row's text, however
/// long its words or the gaps between them; ts_headline reads at most <see cref="PassageLength"/> characters of one
/// field (see <see cref="PostgresSearch"/> for which), since its cost grows with the text it is given (about a
/// millisecond per 10,000 characters on this machine).</para>
/// </remarks>
internal static class Headline
{
    /// <summary>Bytes of the row's text in a snippet, as <see cref="BoundedSnippet.MaxTextBytes"/>.</summary>
    public const int MaxTextBytes = BoundedSnippet.MaxTextBytes;

    /// <summary>Words in a snippet: FTS5's snippet is asked for 24 tokens.</summary>
    public const int MaxWords = 24;

    /// <summary>Characters of a field handed to ts_headline: 24 words, with room around them to centre on.</summary>
    public const int PassageLength = 1_000;

    /// <summary>A long field's passage starts this many characters before the first word found in it.</summary>
    public const int PassageLead = 300;

    /// <summary>Characters of ts_headline's answer read back: the text's bytes and a mark on each side of every word.</summary>
    public const int MaxAnswerLength = MaxTextBytes + 4 * MaxWords;

    /// <summary>Stands for <c>&lt;</c> while ts_headline reads the text.</summary>
    public const char Less = '\uE002';

    /// <summary>Stands for <c>&gt;</c> while ts_headline reads the text.</summary>
    public const char Greater = '\uE003';

    /// <summary>For SQL's <c>translate(text, from, to)</c>: &lt; and &gt; become stand-ins, the marks are deleted.</summary>
    public static readonly string TranslateFrom = $"<>{SearchSnippet.Open}{SearchSnippet.Close}";

    public static readonly string TranslateTo = $"{Less}{Greater}";

    /// <summary>
    /// ts_headline's options: our marks; 24 words at most as one fragment around the best cover of the words (or the
    /// passage's first 12 words when none is in it); no word is too short to show.
    /// </summary>
    public static readonly string Options = string.Create(CultureInfo.InvariantCulture,
        $"StartSel={SearchSnippet.Open}, StopSel={SearchSnippet.Close}, MaxWords={MaxWords}, MinWords={MaxWords / 2}, ShortWord=0, MaxFragments=1");

    /// <summary>
    /// The snippet as HTML, from ts_headline's <paramref name="answer"/> over <paramref name="passage"/> (both with
    /// the stand-ins for &lt; and &gt;). ts_headline leaves out what stands before its first word and after its last;
    /// as SQLite's snippet, one that starts its field shows that too, and one that ends it, and elsewhere "…" says
    /// that text was left out.
    /// </summary>
    public static string? ToHtml(string? answer, string? passage, bool passageStartsField, bool passageEndsField)
    {
        if (string.IsNullOrEmpty(answer) || passage is null) return null;
        var plain = answer.Replace(SearchSnippet.Open.ToString(), "", StringComparison.Ordinal).Replace(SearchSnippet.Close.ToString(), "", StringComparison.Ordinal);
        if (plain.Length == 0) return null;
        var at = passage.IndexOf(plain, StringComparison.Ordinal);
        var before = at < 0 ? "x" : passage[..at];
        var after = at < 0 ? "x" : passage[(at + plain.Length)..];
        var fromStart = passageStartsField && !before.Any(char.IsLetterOrDigit);
        var toEnd = passageEndsField && !after.Any(char.IsLetterOrDigit);
        var (kept, cut) = AtMostTextBytes((fromStart ? before : "") + answer + (toEnd ? after : ""));
        var raw = new StringBuilder(kept.Length + 2);
        if (!fromStart) raw.Append('…');
        raw.Append(kept).Replace(Less, '<').Replace(Greater, '>');
        if (cut || !toEnd) raw.Append('…');
        return SearchSnippet.ToHtml(raw.ToString());
    }

    /// <summary>
    /// The text cut after <see cref="MaxTextBytes"/> bytes (marks not counted), between two characters, a mark open at
    /// the cut closed there (so the "…" after it is not marked).
    /// </summary>
    private static (string Kept, bool Cut) AtMostTextBytes(string text)
    {
        var bytes = 0;
        var open = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is SearchSnippet.Open or SearchSnippet.Close)
            {
                open = c == SearchSnippet.Open;
                continue;
            }
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (bytes + size > MaxTextBytes) return (open ? text[..i] + SearchSnippet.Close : text[..i], true);
            bytes += size;
            if (pair) i++;
        }
        return (text, false);
    }
}
