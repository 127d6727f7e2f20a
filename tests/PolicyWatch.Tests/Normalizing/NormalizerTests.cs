using PolicyWatch.Catalog;
using PolicyWatch.Normalizing;
using PolicyWatch.Parsing;

namespace PolicyWatch.Tests.Normalizing;

public sealed class NormalizerTests
{
    private static readonly SourceDefinition Source = new("s", "S", new Uri("https://example.org/feed"), SourceType.Feed, "eu",
        TimeSpan.FromHours(1), KeepPolicy.All, ItemKind.Article, null, null);

    private static NormalizedItem Normalize(string? title, string? id = null, string? link = null, string? summary = null) =>
        Normalizer.Normalize(new ParsedEntry(id, title, link, summary, null, null, null, null, [], [], []), Source, new Uri("https://example.org/feed"));

    [Theory]
    [InlineData("Council <b>debates</b>   chat control", "Council debates chat control")]
    [InlineData("Why <script> tags matter to sanitizers", "Why <script> tags matter to sanitizers")]
    [InlineData("R&amp;D &eacute;tude", "R&D étude")]
    [InlineData("  spaced\n\ttitle  ", "spaced title")]
    public void Titles_are_plain_text_and_markup_only_when_it_is_markup(string raw, string expected) =>
        Assert.Equal(expected, Normalize(raw).Title);

    [Fact]
    public void Identity_is_the_guid_else_the_link_else_a_hash_of_the_content()
    {
        Assert.Equal("urn:x:1", Normalize("t", id: "urn:x:1", link: "https://example.org/a").Guid);
        Assert.Equal("https://example.org/a", Normalize("t", link: "/a").Guid);
        Assert.StartsWith("sha256:", Normalize("t", summary: "s").Guid);
        Assert.Equal(Normalize("t", summary: "s").Guid, Normalize("t", summary: "s").Guid);
    }

    [Fact]
    public void Links_are_made_absolute_and_tracking_is_dropped_from_the_canonical_url()
    {
        var item = Normalize("t", link: "/news/1?utm_source=rss&id=7#top");

        Assert.Equal("https://example.org/news/1?utm_source=rss&id=7#top", item.Url);
        Assert.Equal("https://example.org/news/1?id=7", item.CanonicalUrl);
    }

    [Fact]
    public void A_missing_title_falls_back_to_the_start_of_the_summary()
    {
        var item = Normalize(null, summary: new string('x', 300));

        Assert.Equal(118, item.Title.Length);
        Assert.EndsWith("…", item.Title);
    }
}
