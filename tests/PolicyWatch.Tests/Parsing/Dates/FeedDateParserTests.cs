using PolicyWatch.Parsing;
using PolicyWatch.Parsing.Dates;

namespace PolicyWatch.Tests.Parsing.Dates;

public sealed class FeedDateParserTests
{
    [Theory]
    [InlineData("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 01 Jan 2004 19:48:21 +0000", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 1 Jan 2004 19:48 EST", "2004-01-02T00:48:00Z")]
    [InlineData("Sat, 01 Jan 2004 19:48:21 PDT", "2004-01-02T02:48:21Z")] // wrong weekday is ignored
    [InlineData("01 Jan 2004 19:48:21 UT", "2004-01-01T19:48:21Z")]
    [InlineData("thu,  01  jan  2004  19:48:21  gmt", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 01 Jan 04 19:48:21 Z", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 01 Jan 99 19:48:21 -0130", "1999-01-01T21:18:21Z")]
    [InlineData("Thursday, 01-Jan-2004 19:48:21 GMT", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 01 January 2004 19:48:21 +01:00", "2004-01-01T18:48:21Z")]
    [InlineData("2004-01-01T19:48:21Z", "2004-01-01T19:48:21Z")]
    [InlineData("2004-01-01T19:48:21.123+02:00", "2004-01-01T17:48:21Z")]
    [InlineData("2004-01-01T19:48:21", "2004-01-01T19:48:21Z")]
    [InlineData("2004-01-01 19:48:21-05:00", "2004-01-02T00:48:21Z")]
    [InlineData("20040101T194821Z", "2004-01-01T19:48:21Z")]
    [InlineData("2004-01-01T19:48Z", "2004-01-01T19:48:00Z")]
    [InlineData("2004-01-01", "2004-01-01T00:00:00Z")]
    [InlineData("2004-01", "2004-01-01T00:00:00Z")]
    [InlineData("2004", "2004-01-01T00:00:00Z")]
    [InlineData("2004-032", "2004-02-01T00:00:00Z")]
    public void Parses_real_world_forms_to_utc(string raw, string expected)
    {
        var date = FeedDateParser.Parse(raw);
        Assert.NotNull(date);
        Assert.Equal(raw.Trim(), date.Raw);
        Assert.Equal(expected, ParsedFeedJson.Date(date));
    }

    [Theory]
    [InlineData("not a date")]
    [InlineData("Thu, 31 Feb 2004 10:00:00 GMT")]
    [InlineData("2004-13-01")]
    [InlineData("yesterday")]
    public void An_unparseable_date_keeps_its_raw_text_and_has_no_value(string raw)
    {
        var date = FeedDateParser.Parse(raw);
        Assert.NotNull(date);
        Assert.Equal(raw, date.Raw);
        Assert.Null(date.Value);
    }

    [Fact]
    public void A_blank_date_is_no_date() => Assert.Null(FeedDateParser.Parse("  "));
}
