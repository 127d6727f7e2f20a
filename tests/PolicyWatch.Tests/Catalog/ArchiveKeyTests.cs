using PolicyWatch.Catalog;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Catalog;

/// <summary>A source's <c>"archive"</c> key: true asks the Internet Archive to capture its new items' pages.</summary>
public sealed class ArchiveKeyTests
{
    private static string Source(string archive) => TestCatalog.WithSourceJson(
        $$"""{ "id": "a", "name": "A", "url": "https://a.example/feed", "jurisdiction": "eu", "every": "30m"{{archive}} }""");

    [Theory]
    [InlineData("", false)]
    [InlineData(", \"archive\": false", false)]
    [InlineData(", \"archive\": true", true)]
    public void Archive_is_off_unless_true(string key, bool expected) =>
        Assert.Equal(expected, CatalogLoader.Load(Source(key), "feeds.json").Sources.Single().Archive);

    [Fact]
    public void Anything_but_a_boolean_is_an_error_naming_the_key()
    {
        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Load(Source(", \"archive\": \"yes\""), "feeds.json"));

        Assert.Contains("sources[0].archive: must be true or false, not \"yes\"", error.Errors.Select(e => e.ToString()));
    }
}
