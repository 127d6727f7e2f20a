using PolicyWatch.Parsing;
using PolicyWatch.Parsing.Rss;

namespace PolicyWatch.Tests.Parsing.Rss;

/// <summary>The name of an RSS author or dc:creator, with the e-mail address around it taken out.</summary>
public sealed class PersonNameTests
{
    [Theory]
    [InlineData("jo@example.com (Jo Smith)", "Jo Smith")]
    [InlineData("Jo Smith (jo@example.com)", "Jo Smith")]
    [InlineData("Jo Smith <jo@example.com>", "Jo Smith")]
    [InlineData("Jo Smith <mailto:jo@example.com>", "Jo Smith")]
    [InlineData("\"Jo Smith\" <jo.smith+feeds@mail.example.co.uk>", "Jo Smith")]
    [InlineData("jo@example.com", "jo@example.com")]
    [InlineData("Jo Smith", "Jo Smith")]
    [InlineData("@policy_bot", "@policy_bot")]
    public void The_address_is_taken_out_and_a_bare_address_kept(string value, string expected)
    {
        Assert.Equal(expected, PersonName.Of(value));
    }

    // A bound, not a speed assertion (speed is measured only in the benchmarks): reading these names is linear and
    // takes milliseconds, while the e-mail pattern tried every position of the long word and needed minutes.
    [Theory]
    [InlineData("", "")]
    [InlineData("", "@example.org")]
    [InlineData("Jo ", " <jo@example>")]
    [InlineData("<mailto:", "@")]
    public async Task A_megabyte_long_word_is_read_within_the_bound(string before, string after)
    {
        var value = before + new string('a', 2_000_000) + after;

        var name = await Task.Run(() => PersonName.Of(value)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(value, name);
    }

    [Fact]
    public async Task The_address_after_a_megabyte_long_word_is_still_taken_out()
    {
        var word = new string('a', 2_000_000);

        var name = await Task.Run(() => PersonName.Of($"Jo {word} <jo@example.com>")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal($"Jo {word}", name);
    }
}
