using System.Globalization;
using System.Text;
using System.Text.Json;
using PolicyWatch.Parsing.Dates;
using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Parsing.Json;

/// <summary>JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) onto the shared model.</summary>
internal static class JsonFeedReader
{
    public static ParsedFeed Read(string text, Uri? documentUrl)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(WithoutLoneSurrogates(text), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 }); }
        catch (JsonException e) { throw new FeedParseException($"not valid JSON: {e.Message}"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !String(root, "version").StartsWithJsonFeed())
                throw new FeedParseException("JSON, but not a JSON Feed (no jsonfeed.org version)");
            var header = new FeedHeader(String(root, "title"), Url(root, "home_page_url", documentUrl), String(root, "description"),
                FeedUrls.Language(String(root, "language")), null)
            {
                // JSON Feed's paging: next_url is "the URL of a feed that provides the next n items".
                Relations = Url(root, "next_url", documentUrl) is { } next ? new Dictionary<string, string> { ["next"] = next } : new Dictionary<string, string>(),
            };
            // Read once: reading the feed's authors again for each item without its own was quadratic.
            var feedAuthors = Authors(root);
            var entries = root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
                ? items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(i => Entry(i, feedAuthors, documentUrl)).ToList()
                : [];
            return new ParsedFeed("json", false, null, header, entries);
        }
    }

    /// <summary>
    /// The JSON with every escaped lone surrogate ("\ud800" not followed by its low half, or a low half alone)
    /// written as "\ufffd". System.Text.Json parses such a string and then throws when it is read or when a
    /// property name holding one is compared, which lost the whole feed as an internal error.
    /// </summary>
    private static string WithoutLoneSurrogates(string json)
    {
        if (!json.Contains("\\u", StringComparison.Ordinal)) return json;
        StringBuilder? repaired = null;
        var copied = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (!inString)
            {
                // Comments are allowed (and skipped) by the parser; a quote inside one starts no string.
                if (c == '"') inString = true;
                else if (c == '/' && i + 1 < json.Length && json[i + 1] == '/') i = End(json, i + 2, "\n");
                else if (c == '/' && i + 1 < json.Length && json[i + 1] == '*') i = End(json, i + 2, "*/");
            }
            else if (c == '"') inString = false;
            else if (c == '\\')
            {
                if (EscapedUnit(json, i) is not { } unit || !char.IsSurrogate(unit))
                {
                    i++; // whatever is escaped (a quote, a backslash) is part of the string
                    continue;
                }
                if (char.IsHighSurrogate(unit) && EscapedUnit(json, i + 6) is { } low && char.IsLowSurrogate(low))
                {
                    i += 11;
                    continue;
                }
                (repaired ??= new StringBuilder(json.Length)).Append(json, copied, i - copied).Append("\\ufffd");
                copied = i + 6;
                i += 5;
            }
        }
        return repaired is null ? json : repaired.Append(json, copied, json.Length - copied).ToString();
    }

    /// <summary>The UTF-16 unit of the "\uXXXX" escape at <paramref name="start"/>, if there is one.</summary>
    private static char? EscapedUnit(string json, int start) =>
        start + 5 < json.Length && json[start] == '\\' && json[start + 1] == 'u'
        && ushort.TryParse(json.AsSpan(start + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)
            ? (char)unit
            : null;

    // The index of the terminator's last character (or of the last character of the text), for the caller's loop to step past.
    private static int End(string json, int start, string terminator)
    {
        var end = json.IndexOf(terminator, start, StringComparison.Ordinal);
        return end < 0 ? json.Length - 1 : end + terminator.Length - 1;
    }

    private static bool StartsWithJsonFeed(this string? version) =>
        version is not null && version.StartsWith("https://jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase);

    /// <param name="feedAuthors">The feed's authors, which an item without its own takes.</param>
    private static ParsedEntry Entry(JsonElement item, IReadOnlyList<string> feedAuthors, Uri? documentUrl)
    {
        IReadOnlyList<string> authors = Authors(item);
        if (authors.Count == 0) authors = feedAuthors;
        var enclosures = item.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array
            ? attachments.EnumerateArray().Select(a => Attachment(a, documentUrl)).OfType<Enclosure>().ToList()
            : [];
        return new ParsedEntry(
            Id: String(item, "id"),
            Title: String(item, "title"),
            Link: Url(item, "url", documentUrl) ?? Url(item, "external_url", documentUrl),
            Summary: String(item, "summary"),
            Content: String(item, "content_html") ?? String(item, "content_text"),
            Published: FeedDateParser.Parse(String(item, "date_published")),
            Updated: FeedDateParser.Parse(String(item, "date_modified")),
            Author: authors.FirstOrDefault(),
            Authors: authors,
            Categories: item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList()
                : [],
            Enclosures: enclosures) { ImageUrl = Url(item, "image", documentUrl) ?? Url(item, "banner_image", documentUrl) };
    }

    // JSON Feed 1.1 has "authors"; 1.0 had a single "author".
    private static List<string> Authors(JsonElement element)
    {
        if (element.TryGetProperty("authors", out var list) && list.ValueKind == JsonValueKind.Array)
            return list.EnumerateArray().Select(a => String(a, "name")).OfType<string>().ToList();
        return element.TryGetProperty("author", out var one) && String(one, "name") is { } name ? [name] : [];
    }

    private static Enclosure? Attachment(JsonElement attachment, Uri? documentUrl)
    {
        var url = Url(attachment, "url", documentUrl);
        if (url is null) return null;
        long? size = attachment.TryGetProperty("size_in_bytes", out var s) && s.TryGetInt64(out var n) ? n : null;
        return new Enclosure(url, String(attachment, "mime_type"), size);
    }

    private static string? Url(JsonElement element, string name, Uri? documentUrl) => FeedUrls.Resolve(String(element, name), documentUrl);

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? ElementContent.Trimmed(value.GetString())
            : null;
}
