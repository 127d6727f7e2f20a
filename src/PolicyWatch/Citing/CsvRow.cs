using System.Text;

namespace PolicyWatch.Citing;

/// <summary>
/// One item as an RFC 4180 record: fields in double quotes when they hold a comma, quote,
/// CR or LF, quotes doubled, CRLF after each record. Text is kept as stored (line breaks
/// included), except for the formula guard below.
/// </summary>
internal static class CsvRow
{
    public static readonly string[] Header =
    [
        "id", "kind", "title", "authors", "publisher", "published_at", "date_is_first_seen", "url", "canonical_url",
        "permalink", "accessed_at", "language", "jurisdictions", "dossiers", "topics", "summary",
        "archived_url", "archived_at", "story_id",
    ];

    public static string Format(CitableItem item) => Record(
    [
        item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        item.Kind.ToString().ToLowerInvariant(),
        item.Title,
        string.Join("; ", item.Authors),
        item.Publisher,
        CitationDates.Timestamp(item.PublishedAt),
        item.DateIsFirstSeen ? "true" : "false",
        item.Url,
        item.CanonicalUrl,
        item.Permalink,
        CitationDates.Timestamp(item.AccessedAt),
        item.Language,
        string.Join("; ", item.Jurisdictions),
        string.Join("; ", item.Dossiers),
        string.Join("; ", item.Topics),
        item.Summary,
        item.ArchivedCopy?.Url,
        item.ArchivedCopy is { } copy ? CitationDates.Timestamp(copy.CapturedAt) : null,
        item.StoryId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ]);

    public static string Record(IEnumerable<string?> fields)
    {
        var record = new StringBuilder();
        var first = true;
        foreach (var field in fields)
        {
            if (!first) record.Append(',');
            first = false;
            AppendField(record, DefuseFormula(field ?? ""));
        }
        return record.Append("\r\n").ToString();
    }

    /// <summary>
    /// Titles and summaries come from third-party feeds, and spreadsheets run a cell that
    /// starts with = + - @ (or tab / CR, which some treat the same) as a formula: a feed could
    /// plant <c>=HYPERLINK(...)</c> or a DDE call in an advocate's spreadsheet. A leading
    /// apostrophe makes Excel, LibreOffice and Google Sheets show the text as text (OWASP
    /// "CSV injection"). The cost: programs that read the CSV as data see the apostrophe.
    /// </summary>
    public static string DefuseFormula(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + field : field;

    private static void AppendField(StringBuilder record, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            record.Append(field);
            return;
        }
        record.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
    }
}
