namespace PolicyWatch.Tests.Support;

/// <summary>Where the repository, the shared corpus and the test fixtures are.</summary>
public static class TestPaths
{
    /// <summary>The folder holding PolicyWatch.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared/corpus beside the checkout: data from outside the project, read in place, never copied.</summary>
    public static string CorpusRoot { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));

    public static bool CorpusPresent => Directory.Exists(CorpusRoot);

    /// <summary>A file under testdata/ as copied to the test output folder.</summary>
    public static string TestData(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, .. parts]);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PolicyWatch.sln"))) return dir.FullName;
        throw new InvalidOperationException($"PolicyWatch.sln not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// A fact that needs ../shared/corpus. Where the corpus is missing (a user's fresh clone),
/// the test is skipped with a reason that says so, instead of failing or passing silently.
/// </summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (!TestPaths.CorpusPresent)
            Skip = $"SKIPPED: the shared corpus was not found at {TestPaths.CorpusRoot}; this test needs it.";
    }
}
