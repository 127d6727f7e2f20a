using System.Xml.Linq;
using PolicyWatch.Parsing.TitleEvents;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Parsing.TitleEvents;

/// <summary>Event dates, stages and categories read from UK Parliament per-bill RSS titles.</summary>
public class TitleEventTests
{
    private static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Category, string? Stage, DateTimeOffset? Date)[] BillFeedEvents =
    [
        ("Sitting", "Royal Assent", Day(2023, 10, 26)),
        ("Sitting", "Consideration of Lords amendments", Day(2023, 9, 12)),
        ("Sitting", "3rd reading", Day(2023, 9, 6)),
        ("Publication", null, null),
        ("Sitting", "Report stage", Day(2023, 7, 6)),
        ("Sitting", "Committee stage", Day(2023, 4, 19)),
        ("Sitting", "2nd reading", Day(2023, 2, 1)),
        ("Sitting", "1st reading", Day(2023, 1, 18)),
        ("Publication", null, null),
        ("Sitting", "3rd reading", Day(2023, 1, 17)),
        ("Sitting", "Report stage: 2nd day", Day(2022, 12, 5)),
        ("Sitting", "Report stage", Day(2022, 7, 12)),
        ("Publication", null, null),
        ("Sitting", "Committee stage: 2nd sitting", Day(2022, 5, 26)),
        ("Sitting", "Committee stage: 1st sitting", Day(2022, 5, 24)),
        ("Sitting", "2nd reading", Day(2022, 4, 19)),
        ("Sitting", "1st reading", Day(2022, 3, 17)),
        ("Publication", null, null),
    ];

    private static IReadOnlyList<XElement> BillFeedItems() =>
        [.. XDocument.Load(TestPaths.TestData("Parsing", "TitleEvents", "testdata", "uk-bill-3137.rss")).Descendants("item")];

    [Fact]
    public void Every_title_of_a_bill_feed_gives_its_category_stage_and_sitting_date()
    {
        var events = BillFeedItems().Select(item => TitleEvent.Parse((string)item.Element("title")!).Event).ToList();

        Assert.Equal(BillFeedEvents, events.Select(e => (e!.Category, e.Stage, e.Date)));
    }

    [Fact]
    public void The_category_from_the_title_agrees_with_the_feeds_category_element()
    {
        foreach (var item in BillFeedItems())
            Assert.Equal((string)item.Element("category")!, TitleEvent.Parse((string)item.Element("title")!).Event!.Category);
    }

    [Fact]
    public void The_sitting_date_is_not_the_publication_time_of_the_entry()
    {
        var item = BillFeedItems()[0];

        var parsed = TitleEvent.Parse((string)item.Element("title")!).Event!;

        Assert.Equal("Thu, 26 Oct 2023 13:04:11 Z", (string)item.Element("pubDate")!);
        Assert.Equal(Day(2023, 10, 26), parsed.Date);
        Assert.Equal(TimeSpan.Zero, parsed.Date!.Value.Offset);
    }

    [Theory]
    [InlineData("Sitting: 1st reading - Wednesday, 10 October 2007", "1st reading", 2007, 10, 10)]
    [InlineData("Sitting: Report stage - Thursday, 6 Jul 2023", "Report stage", 2023, 7, 6)]
    [InlineData("Sitting: 2nd reading - 1 February 2023", "2nd reading", 2023, 2, 1)]
    [InlineData("  Sitting : Royal Assent – Thursday 26 October 2023 ", "Royal Assent", 2023, 10, 26)]
    public void Title_forms(string title, string stage, int year, int month, int day)
    {
        var parsed = TitleEvent.Parse(title).Event;

        Assert.Equal(new TitleEvent("Sitting", stage, Day(year, month, day)), parsed);
    }

    [Fact]
    public void A_wrong_weekday_does_not_lose_the_date()
    {
        var parsed = TitleEvent.Parse("Sitting: 1st reading - Monday, 10 October 2007").Event;

        Assert.Equal(Day(2007, 10, 10), parsed!.Date);
    }

    [Fact]
    public void A_date_that_does_not_parse_is_null_but_the_category_and_stage_are_kept()
    {
        var parsed = TitleEvent.Parse("Sitting: 2nd reading - Tuesday, 31 Smarch 2022").Event;

        Assert.Equal(new TitleEvent("Sitting", "2nd reading", null), parsed);
    }

    [Fact]
    public void A_title_without_a_category_does_not_match_the_default_pattern()
    {
        Assert.Equal(new TitleEventMatch(null, null), TitleEvent.Parse("Online Safety Act 2023"));
    }

    [Fact]
    public void A_configured_pattern_and_formats_replace_the_defaults()
    {
        const string pattern = @"^(?<stage>.+?) \((?<category>[^)]+)\) on (?<date>\d{4}-\d{2}-\d{2})$";

        var parsed = TitleEvent.Parse("Second reading (Sitting) on 2022-04-19", pattern, ["yyyy-MM-dd"]).Event;

        Assert.Equal(new TitleEvent("Sitting", "Second reading", Day(2022, 4, 19)), parsed);
    }

    [Fact]
    public void A_pattern_without_category_or_stage_groups_gives_just_the_date()
    {
        var parsed = TitleEvent.Parse("Debated on 19/04/2022", @"(?<date>\d{2}/\d{2}/\d{4})", ["dd/MM/yyyy"]).Event;

        Assert.Equal(new TitleEvent("", null, Day(2022, 4, 19)), parsed);
    }

    [Fact]
    public void Pattern_validation_explains_what_is_wrong()
    {
        Assert.Null(TitleEvent.ValidatePattern(TitleEvent.DefaultPattern));
        Assert.Equal("has no named group (?<date>…) for the event date", TitleEvent.ValidatePattern(@"^(?<stage>.+)$"));
        Assert.StartsWith("is not a valid regular expression: ", TitleEvent.ValidatePattern(@"(?<date>\d+"));
    }

    // Titles come from feeds: a hostile one must not stall or fail the crawl. The bound (not a speed assertion: speed
    // is measured only in the benchmarks) is far above what linear matching needs; the backtracking default
    // pattern needed minutes for these titles, or timed out and threw.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("Sitting: x", " ", "y")]
    [InlineData("Sitting", " ", "y")]
    [InlineData("Sitting: ", "a - ", "")]
    [InlineData("Sitting: 2nd reading -", " ", "Tuesday, 19 April 2022x")]
    public async Task A_hostile_title_is_read_by_the_default_pattern_without_timing_out(string before, string repeated, string after)
    {
        var title = before + string.Concat(Enumerable.Repeat(repeated, 200_000)) + after;

        var read = await Task.Run(() => TitleEvent.Parse(title)).WaitAsync(Bound);

        Assert.Null(read.Skipped);
    }

    [Fact]
    public void The_default_pattern_still_reads_a_title_padded_with_spaces()
    {
        var read = TitleEvent.Parse("Sitting:" + new string(' ', 1000) + "2nd reading" + new string(' ', 1000) + "- Tuesday, 19 April 2022" + new string(' ', 1000));

        Assert.Equal(new TitleEventMatch(new TitleEvent("Sitting", "2nd reading", Day(2022, 4, 19)), null), read);
    }

    // Nested quantifiers over the same characters: exponential backtracking on a title that almost matches.
    private const string CatastrophicPattern = @"^(?<stage>(\w+\s?)+) on (?<date>\d{4}-\d{2}-\d{2})$";

    [Fact]
    public void A_configured_pattern_that_times_out_skips_the_event_date_and_says_why()
    {
        var read = TitleEvent.Parse("Second reading of the Online Safety Bill in the House of Lords and more words!", CatastrophicPattern, ["yyyy-MM-dd"]);

        Assert.Equal(new TitleEventMatch(null, "skipped: the eventDate pattern timed out on this title"), read);
    }

    [Fact]
    public void The_same_configured_pattern_still_reads_a_title_it_matches()
    {
        var read = TitleEvent.Parse("Second reading on 2022-04-19", CatastrophicPattern, ["yyyy-MM-dd"]);

        Assert.Equal(new TitleEventMatch(new TitleEvent("", "Second reading", Day(2022, 4, 19)), null), read);
    }
}
