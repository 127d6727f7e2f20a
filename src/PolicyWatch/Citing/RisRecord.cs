using System.Text;

namespace PolicyWatch.Citing;

/// <summary>
/// An RIS record: one <c>XX  - value</c> line per tag, CRLF line ends, values on one line,
/// ending with <c>ER  - </c>. Empty values are left out rather than written as empty tags.
/// </summary>
internal static class RisRecord
{
    public static string Format(CitableItem item)
    {
        var authors = CitedAuthors.Of(item);
        var record = new StringBuilder();
        Line(record, "TY", Notes.IsArticle(item) ? "NEWS" : "ELEC");
        Line(record, "TI", item.Title);
        foreach (var name in authors.Names) Line(record, "AU", name.Inverted);
        Line(record, "PB", authors.Publisher);
        Line(record, "T2", authors.Publisher);
        if (!item.DateIsFirstSeen)
        {
            Line(record, "DA", CitationDates.Ris(item.PublishedAt));
            Line(record, "PY", CitationDates.Utc(item.PublishedAt).Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
        }
        Line(record, "UR", item.CitedUrl);
        Line(record, "Y2", CitationDates.Ris(item.AccessedAt));
        Line(record, "LA", item.Language);
        foreach (var keyword in item.Keywords) Line(record, "KW", keyword);
        Line(record, "AB", item.Summary);
        if (item.DateIsFirstSeen) Line(record, "N1", Notes.FirstSeen(item));
        Line(record, "ID", CitationKey.For(item));
        record.Append("ER  - \r\n");
        return record.ToString();
    }

    private static void Line(StringBuilder record, string tag, string? value)
    {
        var text = CitationText.Clean(value);
        if (text.Length > 0) record.Append(tag).Append("  - ").Append(text).Append("\r\n");
    }
}
