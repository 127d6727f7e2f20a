using PolicyWatch.Archiving;

namespace PolicyWatch.Tests.Archiving;

/// <summary>The Archive settings that cannot be used, and which copy addresses from an answer are kept.</summary>
public sealed class ArchiveSettingsTests
{
    [Fact]
    public void A_key_without_its_secret_is_named_without_showing_either()
    {
        var problems = new ArchiveOptions { AccessKey = "key-value" }.Problems();

        var problem = Assert.Single(problems);
        Assert.Contains("Archive:AccessKey and Archive:Secret go together", problem);
        Assert.DoesNotContain("key-value", problem);
        Assert.Empty(new ArchiveOptions().Problems());
        Assert.Empty(new ArchiveOptions { AccessKey = "k", Secret = "s" }.Problems());
        Assert.Contains("Archive:Url", Assert.Single(new ArchiveOptions { Url = new Uri("ftp://web.archive.org") }.Problems()));
    }

    [Theory]
    [InlineData("http://web.archive.org/web/20130919044612/http://example.com/", "https://web.archive.org/web/20130919044612/http://example.com/")]
    [InlineData("https://web.archive.org/web/20130919044612/http://example.com/", "https://web.archive.org/web/20130919044612/http://example.com/")]
    [InlineData("http://mirror.example/web/20130919044612/http://example.com/", "http://mirror.example/web/20130919044612/http://example.com/")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("file:///etc/passwd", null)]
    [InlineData("https://user:pass@web.archive.org/web/1/x", null)]
    [InlineData("/web/20130919044612/http://example.com/", null)]
    [InlineData("", null)]
    public void Only_http_copy_addresses_are_kept_and_the_archives_own_are_cited_with_https(string answer, string? kept) =>
        Assert.Equal(kept, ArchiveClient.AcceptCopyUrl(answer, new Uri("https://web.archive.org")));

    [Fact]
    public void An_address_longer_than_2048_characters_is_not_kept() =>
        Assert.Null(ArchiveClient.AcceptCopyUrl("https://web.archive.org/web/1/" + new string('a', 2048), new Uri("https://web.archive.org")));
}
