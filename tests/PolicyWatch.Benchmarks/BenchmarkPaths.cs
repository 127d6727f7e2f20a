namespace PolicyWatch.Benchmarks;

/// <summary>Where the repository and the shared corpus are, found from the running binary.</summary>
public static class BenchmarkPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CorpusRoot { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "PolicyWatch.sln"))) return dir.FullName;
        throw new InvalidOperationException("PolicyWatch.sln not found above the benchmark binary or the current folder");
    }
}
