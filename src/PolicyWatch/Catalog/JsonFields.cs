using System.Text.Json;

namespace PolicyWatch.Catalog;

/// <summary>
/// Reads the properties of one JSON object while validating them: every problem is added to
/// the shared error list with its JSON path, and properties nobody asked for are reported as
/// unknown keys, so a typo in feeds.json is never silently ignored.
/// </summary>
internal sealed class JsonFields
{
    private readonly JsonElement _element;
    private readonly List<CatalogError> _errors;
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    private JsonFields(JsonElement element, string path, List<CatalogError> errors)
    {
        _element = element;
        Path = path;
        _errors = errors;
    }

    public string Path { get; }

    /// <summary>Null (with an error recorded) when <paramref name="element"/> is not an object.</summary>
    public static JsonFields? Of(JsonElement element, string path, List<CatalogError> errors)
    {
        if (element.ValueKind == JsonValueKind.Object) return new JsonFields(element, path, errors);
        errors.Add(new CatalogError(path, $"must be an object, not {Describe(element)}"));
        return null;
    }

    public string At(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public void Error(string name, string message) => _errors.Add(new CatalogError(At(name), message));

    public JsonElement? Get(string name)
    {
        _asked.Add(name);
        return _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    public string? String(string name, bool required)
    {
        var value = Get(name);
        if (value is null)
        {
            if (required) Error(name, "is required");
            return null;
        }
        if (value.Value.ValueKind != JsonValueKind.String)
        {
            Error(name, $"must be a string, not {Describe(value.Value)}");
            return null;
        }
        var text = value.Value.GetString()!.Trim();
        if (text.Length == 0)
        {
            if (required) Error(name, "must not be empty");
            return null;
        }
        return text;
    }

    /// <summary>A list of strings; a single string is accepted as a list of one.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        var value = Get(name);
        if (value is null) return [];
        if (value.Value.ValueKind == JsonValueKind.String) return [value.Value.GetString()!];
        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"must be a list of strings, not {Describe(value.Value)}");
            return [];
        }
        var list = new List<string>();
        var i = 0;
        foreach (var entry in value.Value.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.String && entry.GetString()!.Trim().Length > 0)
                list.Add(entry.GetString()!.Trim());
            else
                _errors.Add(new CatalogError($"{At(name)}[{i}]", $"must be a non-empty string, not {Describe(entry)}"));
            i++;
        }
        return list;
    }

    public IEnumerable<(JsonElement Element, string Path)> Array(string name, bool required)
    {
        var value = Get(name);
        if (value is null)
        {
            if (required) Error(name, "is required");
            yield break;
        }
        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"must be a list, not {Describe(value.Value)}");
            yield break;
        }
        var i = 0;
        foreach (var entry in value.Value.EnumerateArray())
            yield return (entry, $"{At(name)}[{i++}]");
    }

    public JsonFields? Object(string name, bool required)
    {
        var value = Get(name);
        if (value is null)
        {
            if (required) Error(name, "is required");
            return null;
        }
        return Of(value.Value, At(name), _errors);
    }

    /// <summary>Call last: reports every property that no reader asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var property in _element.EnumerateObject())
            if (!_asked.Contains(property.Name))
                Error(property.Name, $"is not a known key here (known: {string.Join(", ", _asked.Order())})");
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
