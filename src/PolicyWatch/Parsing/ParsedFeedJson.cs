using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyWatch.Parsing;

/// <summary>
/// The JSON shape of a parsed feed printed by <c>parse --json</c>; the oracle test reads
/// the same JSON, so the command line and the test cannot disagree.
/// </summary>
public static class ParsedFeedJson
{
    public static string ToJson(ParsedFeed feed, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(feed, writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(ParsedFeed feed, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("format", feed.Format);
        writer.WriteBoolean("bozo", feed.Bozo);
        writer.WriteString("bozoReason", feed.BozoReason);
        writer.WriteStartObject("feed");
        writer.WriteString("title", feed.Feed.Title);
        writer.WriteString("link", feed.Feed.Link);
        writer.WriteString("subtitle", feed.Feed.Subtitle);
        writer.WriteString("language", feed.Feed.Language);
        writer.WriteString("updated", Date(feed.Feed.Updated));
        writer.WriteEndObject();
        writer.WriteStartArray("entries");
        foreach (var entry in feed.Entries) WriteEntry(entry, writer);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteEntry(ParsedEntry entry, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", entry.Id);
        writer.WriteString("title", entry.Title);
        writer.WriteString("link", entry.Link);
        writer.WriteString("summary", entry.Summary);
        writer.WriteString("content", entry.Content);
        writer.WriteString("published", Date(entry.Published));
        writer.WriteString("updated", Date(entry.Updated));
        writer.WriteString("author", entry.Author);
        WriteStrings(writer, "authors", entry.Authors);
        WriteStrings(writer, "categories", entry.Categories);
        writer.WriteStartArray("enclosures");
        foreach (var enclosure in entry.Enclosures)
        {
            writer.WriteStartObject();
            writer.WriteString("url", enclosure.Url);
            writer.WriteString("type", enclosure.Type);
            if (enclosure.Length is { } length) writer.WriteNumber("length", length);
            else writer.WriteNull("length");
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    /// <summary>YYYY-MM-DDTHH:MM:SSZ, or null when the date is missing or could not be parsed.</summary>
    public static string? Date(FeedDate? date) =>
        date?.Value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
