using System.Globalization;
using System.Text.RegularExpressions;
using PolicyWatch.Normalizing;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Normalizing;

/// <summary>
/// Hostile markup (OWASP XSS filter-evasion cheat sheet and mutation-XSS cases) must come out
/// with nothing that can run script, and the golden files pin the exact output.
/// </summary>
public sealed partial class XssVectorTests
{
    private static readonly Uri FeedUrl = new("https://news.example.org/feeds/policy/rss.xml");

    public static TheoryData<int, string> Vectors()
    {
        var data = new TheoryData<int, string>();
        var lines = File.ReadAllLines(TestPaths.TestData("Normalizing", "testdata", "xss", "vectors.txt"));
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].Length > 0 && !lines[i].StartsWith('#')) data.Add(i + 1, lines[i]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_leaves_nothing_that_can_run_script(int line, string vector)
    {
        var html = Unescape(vector);

        var sanitized = HtmlSanitizer.Sanitize(html, FeedUrl);

        SafeHtml.Assert(sanitized, $"vectors.txt line {line}");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_output_is_stable_when_sanitized_again(int line, string vector)
    {
        var once = HtmlSanitizer.Sanitize(Unescape(vector), FeedUrl);

        var twice = HtmlSanitizer.Sanitize(once, FeedUrl);

        // A fixed point: the output re-parses into exactly the tree that was written.
        Assert.True(once == twice, $"vectors.txt line {line}: {once} became {twice}");
    }

    public static TheoryData<string> GoldenFiles() =>
        [.. Directory.GetFiles(TestPaths.TestData("Normalizing", "testdata", "xss"), "*.html").Select(path => Path.GetFileName(path)).Order()];

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Golden_file_matches_its_result(string name)
    {
        var path = TestPaths.TestData("Normalizing", "testdata", "xss", name);

        var sanitized = HtmlSanitizer.Sanitize(File.ReadAllText(path), FeedUrl) ?? "";

        SafeHtml.Assert(sanitized, name);
        UpdateGoldenFileWhenAsked(name, sanitized);
        Assert.Equal(File.ReadAllText(path + "-result").ReplaceLineEndings("\n").TrimEnd(), sanitized);
    }

    [Fact]
    public void Sanitizing_from_many_threads_gives_the_same_results()
    {
        var inputs = Vectors().Select(row => Unescape((string)row[1])).ToArray();
        var expected = inputs.Select(html => HtmlSanitizer.Sanitize(html, FeedUrl)).ToArray();
        var actual = new string?[inputs.Length * 4];

        Parallel.For(0, actual.Length, i => actual[i] = HtmlSanitizer.Sanitize(inputs[i % inputs.Length], FeedUrl));

        for (var i = 0; i < actual.Length; i++) Assert.Equal(expected[i % inputs.Length], actual[i]);
    }

    /// <summary>Set POLICYWATCH_UPDATE_GOLDEN=1 to rewrite the -result files in the source tree (then review the diff).</summary>
    private static void UpdateGoldenFileWhenAsked(string name, string sanitized)
    {
        if (Environment.GetEnvironmentVariable("POLICYWATCH_UPDATE_GOLDEN") != "1") return;
        var source = Path.Combine(TestPaths.RepoRoot, "tests", "PolicyWatch.Tests", "Normalizing", "testdata", "xss", name + "-result");
        File.WriteAllText(source, sanitized + "\n");
    }

    /// <summary>vectors.txt spells invisible characters as {NUL}, {TAB}, {LF}, {CR} and {U+XXXX}.</summary>
    internal static string Unescape(string vector) => Placeholder().Replace(vector, match => match.Groups[1].Value switch
    {
        "NUL" => "\0",
        "TAB" => "\t",
        "LF" => "\n",
        "CR" => "\r",
        var code => ((char)int.Parse(code[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
    });

    [GeneratedRegex(@"\{(NUL|TAB|LF|CR|U\+[0-9A-F]{4})\}")]
    private static partial Regex Placeholder();
}
