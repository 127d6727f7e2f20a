using System.Globalization;
using System.Text.Json;

namespace PolicyWatch.History;

/// <summary>One capture the Internet Archive holds of a feed: when, and the address it captured.</summary>
public sealed record Capture(string Timestamp, string Original)
{
    public DateTimeOffset TakenAt => DateTimeOffset.ParseExact(Timestamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>
/// Reads a CDX API answer (<c>output=json</c>: an array of rows, the first the field names) into the
/// captures it lists, oldest first. Streams the rows with a forward-only reader and keeps at most
/// <c>limit</c> of them, so a 50,000-row answer costs its captures' timestamps, not its text.
/// </summary>
public static class CaptureIndex
{
    public static IReadOnlyList<Capture> Read(ReadOnlySpan<byte> json, int limit)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 4 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw new JsonException("the CDX answer is not a JSON array");
        var captures = new List<Capture>();
        var (timestampAt, originalAt, statusAt) = (-1, -1, -1);
        var originals = new Dictionary<string, string>(StringComparer.Ordinal); // one string per address, not per row
        var header = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            var row = ReadRow(ref reader);
            if (header)
            {
                (timestampAt, originalAt, statusAt) = (row.IndexOf("timestamp"), row.IndexOf("original"), row.IndexOf("statuscode"));
                if (timestampAt < 0 || originalAt < 0) throw new JsonException("the CDX answer's first row names no timestamp and original fields");
                header = false;
                continue;
            }
            if (captures.Count >= limit) continue;
            if (Math.Max(timestampAt, originalAt) >= row.Count || !IsTimestamp(row[timestampAt])) continue;
            if (statusAt >= 0 && statusAt < row.Count && row[statusAt] is not ("200" or "-")) continue;
            var original = originals.TryGetValue(row[originalAt], out var known) ? known : originals[row[originalAt]] = row[originalAt];
            captures.Add(new Capture(row[timestampAt], original));
        }
        captures.Sort((a, b) => string.CompareOrdinal(a.Timestamp, b.Timestamp));
        return captures;
    }

    private static List<string> ReadRow(ref Utf8JsonReader reader)
    {
        var row = new List<string>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject) { reader.Skip(); row.Add(""); continue; }
            row.Add(reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : reader.TokenType == JsonTokenType.Number ? reader.GetDouble().ToString(CultureInfo.InvariantCulture) : "");
        }
        return row;
    }

    private static bool IsTimestamp(string text) => text.Length == 14 && text.All(char.IsAsciiDigit)
        && DateTimeOffset.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
}
