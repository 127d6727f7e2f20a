using PolicyWatch.Parsing;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Parsing;

/// <summary>
/// Each input in testdata/golden is parsed as if fetched from <see cref="DocumentUrl"/> and
/// printed with the <c>parse --json</c> mapping; the output must equal the .expected.json
/// beside it. Set POLICYWATCH_UPDATE_GOLDEN=1 to rewrite the expected files, then review the diff.
/// </summary>
public sealed class GoldenFileTests
{
    private static readonly Uri DocumentUrl = new("https://example.org/blog/feed.xml");

    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(TestPaths.TestData("Parsing", "testdata", "golden")).Order(StringComparer.Ordinal))
            if (!path.EndsWith(".expected.json", StringComparison.Ordinal)) data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Parsed_output_matches_the_golden_file(string input)
    {
        var actual = ParsedFeedJson.ToJson(FeedParser.Parse(File.ReadAllBytes(Golden(input)), null, DocumentUrl)).ReplaceLineEndings("\n") + "\n";
        if (Environment.GetEnvironmentVariable("POLICYWATCH_UPDATE_GOLDEN") == "1")
            File.WriteAllText(Path.Combine(TestPaths.RepoRoot, "tests", "PolicyWatch.Tests", "Parsing", "testdata", "golden", input + ".expected.json"), actual);
        var expected = File.ReadAllText(Golden(input + ".expected.json")).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }

    private static string Golden(string name) => TestPaths.TestData("Parsing", "testdata", "golden", name);
}
