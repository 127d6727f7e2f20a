using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Tests.Web;

/// <summary>The filter's days become instants without date arithmetic that can overflow, whatever built the view.</summary>
public sealed class ViewQueryDayTests
{
    [Fact]
    public void The_last_day_a_calendar_has_is_an_open_end_not_an_overflow()
    {
        var filter = (ViewQuery.Everything with { From = DateOnly.MinValue, To = DateOnly.MaxValue }).ToFilter();

        Assert.Equal(DateTimeOffset.MinValue, filter.From);
        Assert.Null(filter.To);
    }

    [Fact]
    public void The_range_the_site_accepts_is_1900_to_2200() =>
        Assert.Equal((new DateOnly(1900, 1, 1), new DateOnly(2200, 12, 31)), (ViewQuery.FirstDay, ViewQuery.LastDay));
}
