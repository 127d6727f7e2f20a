using PolicyWatch.Crawling;

namespace PolicyWatch.Tests.Crawling;

public sealed class ScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(30);

    private static Schedule WithoutJitter() => new(new CrawlOptions(), () => 0);

    [Fact]
    public void After_success_the_next_fetch_is_the_interval_plus_at_most_a_tenth_of_it()
    {
        Assert.Equal(Now + Every, WithoutJitter().AfterSuccess(Now, Every, maxAge: null));
        Assert.Equal(Now + Every + TimeSpan.FromMinutes(3) * 0.999, new Schedule(new CrawlOptions(), () => 0.999).AfterSuccess(Now, Every, null));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(6, 960)]
    [InlineData(7, 1440)]
    [InlineData(40, 1440)]
    public void Failures_back_off_exponentially_up_to_a_day(int failuresInRow, int expectedMinutes) =>
        Assert.Equal(Now + TimeSpan.FromMinutes(expectedMinutes), WithoutJitter().AfterFailure(Now, Every, failuresInRow, retryAfter: null));

    [Fact]
    public void Retry_after_is_honoured_when_longer_than_the_backoff() =>
        Assert.Equal(Now + TimeSpan.FromHours(2), WithoutJitter().AfterFailure(Now, Every, 1, TimeSpan.FromHours(2)));

    [Fact]
    public void A_long_max_age_delays_the_next_fetch_but_never_past_a_day()
    {
        Assert.Equal(Now + TimeSpan.FromHours(2), WithoutJitter().AfterSuccess(Now, Every, TimeSpan.FromHours(2)));
        Assert.Equal(Now + TimeSpan.FromHours(24), WithoutJitter().AfterSuccess(Now, Every, TimeSpan.FromDays(30)));
    }
}
