using System.Globalization;
using System.Text;
using System.Text.Json;
using PolicyWatch.Fetching;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Official;

/// <summary>
/// An API answer is not shaped as we read it. The message names the field, from the document's root
/// (<c>data[0].consists_of[3].activity_date: expected a date, got "soon"</c>).
/// </summary>
public sealed class ApiShapeException(string message) : Exception(message);

/// <summary>A date as an API wrote it: the instant (UTC), the calendar day written, and the raw text.</summary>
internal sealed record ApiDate(DateTimeOffset Instant, DateOnly Day, string Raw)
{
    /// <summary>The day at midnight UTC: official steps happen on a day, whatever the time zone.</summary>
    public DateTimeOffset DayUtc => new(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>
/// A JSON value with the path that reached it, read tolerantly: fields nobody asks for are ignored,
/// JSON-LD's habits (a single value for a list, labels as strings, lists or language maps, typed
/// literals) are accepted, and anything else is an <see cref="ApiShapeException"/> naming the field.
/// Texts are content: whitespace collapsed, length bounded.
/// </summary>
internal readonly record struct ApiJson(JsonElement Element, string Path)
{
    private const int MaxText = 2000;

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>The answer's JSON, or an <see cref="ApiShapeException"/> saying what came instead (an HTML page, nothing).</summary>
    public static ApiJson Parse(FetchResult fetch, string what)
    {
        if (fetch.Body.Length == 0) throw new ApiShapeException($"{what}: the answer is empty (HTTP {fetch.HttpStatus}), not JSON");
        // JSON has no byte order mark, but some servers write one.
        var json = fetch.Body.AsMemory(fetch.Body.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return new ApiJson(document.RootElement.Clone(), "");
        }
        catch (JsonException)
        {
            throw new ApiShapeException($"{what}: the answer is not JSON ({fetch.ContentType ?? "no content type"}: {Snippet(fetch.Body)})");
        }
    }

    public JsonValueKind Kind => Element.ValueKind;

    /// <summary>A field of this object; null when absent or JSON null.</summary>
    public ApiJson? Field(string name)
    {
        if (Element.ValueKind != JsonValueKind.Object) throw Unexpected("an object");
        return Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? new ApiJson(value, At(name)) : null;
    }

    /// <summary>The first of these fields present: APIs and their clients name some fields two ways.</summary>
    public ApiJson? Field(string name, string alternative) => Field(name) ?? Field(alternative);

    public ApiJson Required(string name) => Field(name) ?? throw new ApiShapeException($"{At(name)}: is missing");

    /// <summary>The elements of a list.</summary>
    public IEnumerable<ApiJson> Items()
    {
        if (Element.ValueKind != JsonValueKind.Array) throw Unexpected("a list");
        return Enumerate(this);
    }

    /// <summary>The elements of a list, or this value alone: JSON-LD writes a list of one as the value itself.</summary>
    public IEnumerable<ApiJson> ItemsOrOne() => Element.ValueKind == JsonValueKind.Array ? Enumerate(this) : [this];

    private static IEnumerable<ApiJson> Enumerate(ApiJson list)
    {
        var i = 0;
        foreach (var element in list.Element.EnumerateArray())
            yield return new ApiJson(element, $"{list.Path}[{i++}]");
    }

    /// <summary>Text (a number is taken as its digits); null when blank.</summary>
    public string? Text()
    {
        var text = Element.ValueKind switch
        {
            JsonValueKind.String => Element.GetString()!,
            JsonValueKind.Number => Element.GetRawText(),
            _ => throw Unexpected("text"),
        };
        return Clean(text);
    }

    public long Integer()
    {
        if (Element.ValueKind == JsonValueKind.Number && Element.TryGetInt64(out var number)) return number;
        if (Element.ValueKind == JsonValueKind.String
            && long.TryParse(Element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        throw Unexpected("a whole number");
    }

    public bool Flag() => Element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Unexpected("true or false"),
    };

    /// <summary>
    /// A date or date-time (ISO 8601, as a string or a JSON-LD typed literal <c>{"@value": …}</c>); a
    /// time without an offset is read as UTC. Years outside 1900–2200 are refused as nonsense.
    /// </summary>
    public ApiDate Date()
    {
        var raw = Element.ValueKind switch
        {
            JsonValueKind.String => Element.GetString()!.Trim(),
            JsonValueKind.Object when Field("@value") is { Kind: JsonValueKind.String } value => value.Element.GetString()!.Trim(),
            _ => throw Unexpected("a date"),
        };
        if (raw.Length <= 40
            && DateTimeOffset.TryParseExact(raw, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var written)
            && written.Year is >= 1900 and <= 2200)
            return new ApiDate(written.ToUniversalTime(), DateOnly.FromDateTime(written.DateTime), raw);
        throw Unexpected("a date");
    }

    /// <summary>
    /// A label in the language asked for: a string, a language map (<c>{"en": …, "fr": …}</c>), a
    /// language-tagged value (<c>{"@language": "en", "@value": …}</c>) or a list of any of these;
    /// another language when that one is missing. Null when there is no text at all.
    /// </summary>
    public string? Label(string language = "en")
    {
        var candidates = LabelsOf(this).Where(l => l.Text is not null).ToList();
        var chosen = candidates.FirstOrDefault(l => string.Equals(l.Language, language, StringComparison.OrdinalIgnoreCase));
        return (chosen.Text is null ? candidates.FirstOrDefault() : chosen).Text;
    }

    private static IEnumerable<(string? Language, string? Text)> LabelsOf(ApiJson value)
    {
        switch (value.Element.ValueKind)
        {
            case JsonValueKind.String:
                yield return (null, Clean(value.Element.GetString()!));
                break;
            case JsonValueKind.Array:
                foreach (var entry in Enumerate(value))
                foreach (var label in LabelsOf(entry))
                    yield return label;
                break;
            case JsonValueKind.Object when value.Element.TryGetProperty("@value", out var text):
                yield return (value.Element.TryGetProperty("@language", out var language) && language.ValueKind == JsonValueKind.String
                    ? language.GetString() : null, text.ValueKind == JsonValueKind.String ? Clean(text.GetString()!) : null);
                break;
            case JsonValueKind.Object:
                foreach (var property in value.Element.EnumerateObject())
                    if (property.Value.ValueKind == JsonValueKind.String)
                        yield return (property.Name, Clean(property.Value.GetString()!));
                break;
            case JsonValueKind.Null:
                break;
            default:
                throw value.Unexpected("a label (text, a list or a language map)");
        }
    }

    /// <summary>An identifier (IRI), written as a string or as a node <c>{"@id": …}</c> / <c>{"id": …}</c>.</summary>
    public string Iri()
    {
        if (Element.ValueKind == JsonValueKind.String && Clean(Element.GetString()!) is { } text) return text;
        if (Element.ValueKind == JsonValueKind.Object && (Field("@id", "id")?.Text()) is { } id) return id;
        throw Unexpected("an identifier");
    }

    public ApiShapeException Unexpected(string expected) =>
        new($"{(Path.Length == 0 ? "the answer" : Path)}: expected {expected}, got {Describe(Element)}");

    private string At(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    private static string? Clean(string text)
    {
        var collapsed = HtmlText.CollapseWhitespace(text.Length > MaxText ? text[..MaxText] : text);
        return collapsed.Length == 0 ? null : collapsed;
    }

    /// <summary>What a value is, for an error message; hostile text is cut short.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Shorten(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "…";

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200));
        var printable = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return $"\"{Shorten(HtmlText.CollapseWhitespace(printable))}\"";
    }
}
