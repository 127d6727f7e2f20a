using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyWatch.Tests.Support;

/// <summary>
/// Expected outputs stored beside their inputs in a test folder's testdata/ (the miniflux "p.html-result" habit).
/// Set POLICYWATCH_UPDATE_GOLDEN=1 to rewrite them from the current output, then review the diff.
/// </summary>
/// <param name="folder">The testdata folder, from the test project's root: <c>"Parsing", "Article", "testdata"</c>.</param>
internal sealed class Golden(params string[] folder)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Input(string name) => File.ReadAllText(TestPaths.TestData([.. folder, name]));

    public void AssertJson<T>(T actual, string expectedName) =>
        AssertText(JsonSerializer.Serialize(actual, Json) + "\n", expectedName);

    public void AssertText(string actual, string expectedName)
    {
        if (Environment.GetEnvironmentVariable("POLICYWATCH_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine([TestPaths.RepoRoot, "tests", "PolicyWatch.Tests", .. folder, expectedName]);
            File.WriteAllText(source, actual);
            return;
        }
        Assert.Equal(Input(expectedName).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }
}
