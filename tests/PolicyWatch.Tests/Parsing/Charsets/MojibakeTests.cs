using System.Text;
using PolicyWatch.Parsing;
using PolicyWatch.Parsing.Charsets;

namespace PolicyWatch.Tests.Parsing.Charsets;

/// <summary>UTF-8 that was read as Latin-1 or windows-1252 and encoded again is read as the UTF-8 it was.</summary>
public sealed class MojibakeTests
{
    private static ParsedEntry OnlyEntry(string item) => Assert.Single(FeedParser.Parse(
        Encoding.UTF8.GetBytes($"<rss version=\"2.0\"><channel><title>t</title><item>{item}</item></channel></rss>"), null, null).Entries);

    [Fact]
    public void Double_encoded_ellipsis_written_as_latin1_references_is_one_ellipsis()
    {
        // "…" is E2 80 A6 in UTF-8; taken as Latin-1 those bytes are â, U+0080, ¦.
        Assert.Equal("…", OnlyEntry("<description>&#226;&#128;&#166;</description>").Summary);
    }

    [Fact]
    public void Double_encoded_quote_read_through_windows_1252_is_the_quote()
    {
        Assert.Equal("It’s here", OnlyEntry("<title>Itâ€™s here</title>").Title);
    }

    [Theory]
    [InlineData("café")]                // Latin-1 letters that are not UTF-8 underneath
    [InlineData("“quoted” — dash")]     // real typographic characters
    [InlineData("Zürich ½ price")]
    [InlineData("日本語")]
    public void Real_non_ascii_text_is_left_alone(string title)
    {
        Assert.Equal(title, OnlyEntry($"<title>{title}</title>").Title);
    }
}
