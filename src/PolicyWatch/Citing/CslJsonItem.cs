using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyWatch.Citing;

/// <summary>
/// One item as a CSL-JSON object (citation-style-language/schema, csl-data.json), the input
/// of citeproc processors, Zotero and Pandoc.
/// </summary>
internal static class CslJsonItem
{
    /// <summary>
    /// Readable output: accents stay as they are. Never embed the result in HTML unencoded;
    /// the relaxed encoder leaves &lt; and &gt; alone.
    /// </summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Utf8JsonWriter json, CitableItem item)
    {
        var authors = CitedAuthors.Of(item);
        json.WriteStartObject();
        json.WriteString("id", CitationKey.For(item));
        json.WriteString("type", Notes.IsArticle(item) ? "article-newspaper" : "webpage");
        json.WriteString("title", CitationText.Clean(item.Title));
        if (authors.Count > 0) WriteAuthors(json, authors.Names);
        if (authors.Publisher.Length > 0)
        {
            json.WriteString("container-title", authors.Publisher);
            json.WriteString("publisher", authors.Publisher);
        }
        if (!item.DateIsFirstSeen) WriteDate(json, "issued", item.PublishedAt);
        WriteDate(json, "accessed", item.AccessedAt);
        json.WriteString("URL", item.CitedUrl);
        if (item.ArchivedCopy is { } copy)
        {
            json.WriteString("archive", ArchivedCopy.Archive);
            json.WriteString("archive_location", copy.Url);
        }
        WriteOptional(json, "language", item.Language);
        WriteOptional(json, "abstract", item.Summary);
        // CSL has one keyword string; commas separate the keywords, as Zotero writes them.
        WriteOptional(json, "keyword", string.Join(", ", item.Keywords));
        if (item.DateIsFirstSeen) json.WriteString("note", Notes.FirstSeen(item));
        json.WriteEndObject();
    }

    private static void WriteAuthors(Utf8JsonWriter json, IReadOnlyList<AuthorName> names)
    {
        json.WriteStartArray("author");
        foreach (var name in names)
        {
            json.WriteStartObject();
            if (name.IsLiteral) json.WriteString("literal", name.Literal);
            else
            {
                json.WriteString("family", name.Family);
                if (name.Given is not null) json.WriteString("given", name.Given);
                if (name.Suffix is not null) json.WriteString("suffix", name.Suffix);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteDate(Utf8JsonWriter json, string property, DateTimeOffset date)
    {
        var utc = CitationDates.Utc(date);
        json.WriteStartObject(property);
        json.WriteStartArray("date-parts");
        json.WriteStartArray();
        json.WriteNumberValue(utc.Year);
        json.WriteNumberValue(utc.Month);
        json.WriteNumberValue(utc.Day);
        json.WriteEndArray();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string property, string? value)
    {
        var text = CitationText.Clean(value);
        if (text.Length > 0) json.WriteString(property, text);
    }
}
