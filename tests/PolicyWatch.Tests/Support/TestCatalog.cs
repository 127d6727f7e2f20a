using System.Text.Json;

namespace PolicyWatch.Tests.Support;

/// <summary>feeds.json documents for tests: the shipped taxonomy with the sources a test needs.</summary>
public static class TestCatalog
{
    public sealed record Source(string Id, Uri Url, string Jurisdiction = "eu", string Every = "30m", string? Keep = null);

    public static string Json(params Source[] sources) => WithSourceJson(sources.Select(SourceJson).ToArray());

    /// <summary>The test taxonomy with sources written as JSON, for options <see cref="Source"/> does not cover.</summary>
    public static string WithSourceJson(params string[] sources) =>
        $$"""
        {
          "jurisdictions": { "uk": "United Kingdom", "eu": "European Union", "us": "United States", "global": "Global" },
          "dossiers": [
            { "id": "eu-csam-regulation", "title": "EU CSAM Regulation", "jurisdiction": "eu", "phrases": ["chat control"] }
          ],
          "topics": [ { "id": "client-side-scanning", "name": "Client-side scanning", "phrases": ["client-side scanning"] } ],
          "sources": [
            {{string.Join(",\n", sources)}}
          ]
        }
        """;

    private static string SourceJson(Source s) => JsonSerializer.Serialize(new Dictionary<string, string?>
    {
        ["id"] = s.Id, ["name"] = $"Source {s.Id}", ["url"] = s.Url.ToString(), ["type"] = "feed",
        ["jurisdiction"] = s.Jurisdiction, ["every"] = s.Every, ["keep"] = s.Keep ?? "all",
    });
}
