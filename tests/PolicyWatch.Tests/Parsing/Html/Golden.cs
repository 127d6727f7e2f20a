using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Parsing.Html;

/// <summary>
/// Expected outputs stored beside their inputs in testdata/ (the miniflux "p.html-result" habit).
/// Set POLICYWATCH_UPDATE_GOLDEN=1 to rewrite them from the current output, then review the diff.
/// </summary>
internal static class Golden
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Input(string name) => File.ReadAllText(TestPaths.TestData("Parsing", "Html", "testdata", name));

    public static void AssertJson<T>(T actual, string expectedName) =>
        AssertText(JsonSerializer.Serialize(actual, Json) + "\n", expectedName);

    public static void AssertText(string actual, string expectedName)
    {
        if (Environment.GetEnvironmentVariable("POLICYWATCH_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(TestPaths.RepoRoot, "tests", "PolicyWatch.Tests", "Parsing", "Html", "testdata", expectedName);
            File.WriteAllText(source, actual);
            return;
        }
        Assert.Equal(Input(expectedName).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }
}
