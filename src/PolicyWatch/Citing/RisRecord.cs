using System.Text;

namespace PolicyWatch.Citing;

/// <summary>
/// An RIS record: one <c>XX  - value</c> line per tag, values on one line, ending with
/// <c>ER  - </c>. Empty values are left out rather than written as empty tags.
/// </summary>
/// <remarks>
/// An author is "Family, Given" or "Family, Given, Suffix", the RIS syntax; a name kept whole is written without
/// commas, since a value without one is the only way RIS has to say "one name, not Family, Given" (readers split
/// at the first comma): "Department for Science Innovation and Technology".
/// Files get CRLF line ends, as the RIS specification asks. A web page gets LF: HTML parsing
/// turns a written CR LF into LF, so a CR survives in a page only as <c>&amp;#xD;</c>, which
/// HTML checkers flag; RIS readers take LF as well.
/// </remarks>
internal static class RisRecord
{
    public const string FileLineEnd = "\r\n", PageLineEnd = "\n";

    public static string Format(CitableItem item, string lineEnd = FileLineEnd)
    {
        var authors = CitedAuthors.Of(item);
        var record = new StringBuilder();
        Line("TY", Notes.IsArticle(item) ? "NEWS" : "ELEC");
        Line("TI", item.Title);
        foreach (var name in authors.Names) Line("AU", name.IsLiteral ? WithoutCommas(name.Literal!) : name.Inverted);
        Line("PB", authors.Publisher);
        Line("T2", authors.Publisher);
        if (!item.DateIsFirstSeen)
        {
            Line("DA", CitationDates.Ris(item.PublishedAt));
            Line("PY", CitationDates.Utc(item.PublishedAt).Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
        }
        Line("UR", item.CitedUrl);
        // L2, "link to full text": the copy, as a link reference managers open; N1 below says what it is.
        Line("L2", item.ArchivedCopy?.Url);
        Line("Y2", CitationDates.Ris(item.AccessedAt));
        Line("LA", item.Language);
        foreach (var keyword in item.Keywords) Line("KW", keyword);
        Line("AB", item.Summary);
        if (item.DateIsFirstSeen) Line("N1", Notes.FirstSeen(item));
        if (item.ArchivedCopy is { } copy) Line("N1", Notes.Archived(copy));
        Line("ID", CitationKey.For(item));
        record.Append("ER  - ").Append(lineEnd);
        return record.ToString();

        static string WithoutCommas(string name) => CitationText.Clean(name.Replace(',', ' '));

        void Line(string tag, string? value)
        {
            var text = CitationText.Clean(value);
            if (text.Length > 0) record.Append(tag).Append("  - ").Append(text).Append(lineEnd);
        }
    }
}
