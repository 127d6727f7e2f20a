using System.Text.Json;
using PolicyWatch.Parsing;

namespace PolicyWatch.Tests.Parsing;

/// <summary>
/// Runs a corpus manifest (../shared/corpus/*/manifest.json) through the parser and the
/// same JSON mapping as <c>parse --json</c>, and evaluates each case's checks on that JSON.
/// </summary>
internal static class ManifestOracle
{
    public sealed record CaseResult(string File, IReadOnlyList<string> Failures, int EntryCount);

    public static IReadOnlyList<CaseResult> Run(string manifestPath)
    {
        var folder = Path.GetDirectoryName(manifestPath)!;
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        return manifest.RootElement.EnumerateArray().Select(c => RunCase(folder, c)).ToList();
    }

    private static CaseResult RunCase(string folder, JsonElement testCase)
    {
        var file = testCase.GetProperty("file").GetString()!;
        string json;
        try
        {
            json = ParsedFeedJson.ToJson(FeedParser.Parse(File.ReadAllBytes(Path.Combine(folder, file)), null, null));
        }
        catch (FeedParseException e)
        {
            // What `parse` reports when nothing usable was read: a bozo document with no feed.
            json = JsonSerializer.Serialize(new { bozo = true, bozoReason = e.Message, entries = Array.Empty<object>() });
        }
        catch (Exception e)
        {
            return new CaseResult(file, [$"threw {e.GetType().Name}: {e.Message}"], 0);
        }
        using var output = JsonDocument.Parse(json);
        var failures = testCase.GetProperty("checks").EnumerateArray()
            .Select(check => Evaluate(output.RootElement, check))
            .OfType<string>().ToList();
        var entries = output.RootElement.TryGetProperty("entries", out var list) ? list.GetArrayLength() : 0;
        return new CaseResult(file, failures, entries);
    }

    /// <summary>Null when the check holds, else what was found instead.</summary>
    private static string? Evaluate(JsonElement root, JsonElement check)
    {
        var field = check.GetProperty("field").GetString()!;
        var op = check.GetProperty("op").GetString()!;
        var found = Navigate(root, field);
        var expected = check.TryGetProperty("value", out var v) ? v : default;
        var holds = op switch
        {
            "equals" => found is { } f && JsonElementEquals(f, expected),
            "contains" => found is { ValueKind: JsonValueKind.String } s && s.GetString()!.Contains(expected.GetString()!, StringComparison.Ordinal),
            "exists" => found is { } e && !IsEmpty(e),
            "absent" => found is not { } a || IsEmpty(a),
            _ => false,
        };
        if (holds) return null;
        var actual = found is { } value ? value.GetRawText() : "(missing)";
        var wanted = expected.ValueKind == JsonValueKind.Undefined ? "" : " " + expected.GetRawText();
        return $"{field} {op}{wanted}, got {actual}";
    }

    private static bool JsonElementEquals(JsonElement actual, JsonElement expected) => expected.ValueKind switch
    {
        JsonValueKind.String => actual.ValueKind == JsonValueKind.String && actual.GetString() == expected.GetString(),
        JsonValueKind.True or JsonValueKind.False => actual.ValueKind == expected.ValueKind,
        JsonValueKind.Number => actual.ValueKind == JsonValueKind.Number && actual.GetDecimal() == expected.GetDecimal(),
        _ => actual.GetRawText() == expected.GetRawText(),
    };

    private static bool IsEmpty(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => element.GetString()!.Length == 0,
        JsonValueKind.Array => element.GetArrayLength() == 0,
        JsonValueKind.Object => !element.EnumerateObject().Any(),
        _ => false,
    };

    /// <summary>"entries[0].authors[1]" → that element, or null when any step is missing.</summary>
    private static JsonElement? Navigate(JsonElement root, string path)
    {
        var current = root;
        foreach (var step in path.Split('.'))
        {
            var bracket = step.IndexOf('[');
            var name = bracket < 0 ? step : step[..bracket];
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
            for (var i = bracket; i >= 0; i = step.IndexOf('[', i + 1))
            {
                var index = int.Parse(step[(i + 1)..step.IndexOf(']', i)], System.Globalization.CultureInfo.InvariantCulture);
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength()) return null;
                current = current[index];
            }
        }
        return current;
    }
}
