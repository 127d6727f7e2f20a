using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyWatch.Catalog;
using PolicyWatch.Citing;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Citing;

/// <summary>The tricky item set in testdata/items.json, and golden-file comparison.</summary>
internal static class CitingFixtures
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static IReadOnlyList<CitableItem> Items { get; } =
        JsonSerializer.Deserialize<List<CitableItem>>(File.ReadAllText(TestData("items.json")), JsonOptions)!;

    public static CitableItem Item(long id) => Items.Single(i => i.Id == id);

    public static string TestData(string file) => TestPaths.TestData("Citing", "testdata", file);

    /// <summary>A plain item to vary in rule tests.</summary>
    public static CitableItem Sample(params string[] authors) => new(
        1, "A title", authors, "EDRi", ItemKind.Article,
        new DateTimeOffset(2024, 5, 28, 9, 30, 0, TimeSpan.Zero), false,
        "https://edri.org/a", null, "https://policywatch.example/items/1",
        new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// Compares with testdata/<paramref name="file"/> byte for byte. With
    /// POLICYWATCH_UPDATE_GOLDEN=1 the expected file in the source tree is rewritten instead
    /// (review the diff before committing it).
    /// </summary>
    public static void AssertGolden(string file, byte[] actual)
    {
        if (Environment.GetEnvironmentVariable("POLICYWATCH_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(Path.Combine(TestPaths.RepoRoot, "tests", "PolicyWatch.Tests", "Citing", "testdata", file), actual);
            return;
        }
        var expected = File.ReadAllBytes(TestData(file));
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }

    public static void AssertGolden(string file, string actual) => AssertGolden(file, Encoding.UTF8.GetBytes(actual));

    public static async Task<byte[]> ExportAsync(ExportFormat format, IEnumerable<CitableItem> items)
    {
        using var output = new MemoryStream();
        await ExportWriter.For(format).WriteAsync(items.ToAsyncEnumerable(), output, CancellationToken.None);
        return output.ToArray();
    }
}
