using System.Globalization;
using System.Net;
using System.Text;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Pages.Shared;

/// <summary>
/// Draws a view's activity as inline SVG on the server: one bar per week (height = items that week),
/// milestones and legislative events as markers above the bars. Styled by class from site.css (the
/// CSP allows no inline styles) and described in words for screen readers. No JavaScript.
/// </summary>
public static class ActivityChart
{
    private const int BarWidth = 10, Height = 80, MarkerBand = 14, Axis = 14;

    public static string Svg(Activity activity)
    {
        if (activity.IsEmpty) return "";
        var weekCount = activity.LastMonday.DayNumber / 7 - activity.FirstMonday.DayNumber / 7 + 1;
        var width = weekCount * BarWidth;
        var max = Math.Max(1, activity.Weeks.Max(w => w.Items));
        var total = activity.Weeks.Sum(w => w.Items);
        var label = string.Create(CultureInfo.InvariantCulture,
            $"Items per week from {Day(activity.FirstMonday)} to the week of {Day(activity.LastMonday)} (UTC): {total} in all, at most {max} in a week; {activity.Markers.Count} milestones or legislative events marked.");
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"activity\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {Height + MarkerBand + Axis}\" role=\"img\" aria-label=\"{Encode(label)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(label)}</title>");
        foreach (var week in activity.Weeks)
        {
            var x = X(activity, week.Monday);
            var h = Math.Max(1.0, (double)week.Items / max * Height);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bar\" x=\"{x + 1}\" y=\"{MarkerBand + Height - h:0.#}\" width=\"{BarWidth - 2}\" height=\"{h:0.#}\"><title>Week of {Day(week.Monday)}: {week.Items} item{(week.Items == 1 ? "" : "s")}</title></rect>");
        }
        foreach (var marker in activity.Markers)
        {
            var x = X(activity, ActivityQueries.Monday(DateOnly.FromDateTime(marker.At.UtcDateTime))) + BarWidth / 2;
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"marker marker-{marker.Kind}\"><line x1=\"{x}\" x2=\"{x}\" y1=\"{MarkerBand / 2}\" y2=\"{MarkerBand + Height}\"/><circle cx=\"{x}\" cy=\"{MarkerBand / 2}\" r=\"4\"/>" +
                $"<title>{Encode(Dates.Day(marker.At))}: {Encode(marker.Title)} ({marker.Kind})</title></g>");
        }
        svg.Append(CultureInfo.InvariantCulture,
            $"<text class=\"axis\" x=\"0\" y=\"{MarkerBand + Height + Axis - 2}\">{Day(activity.FirstMonday)}</text>" +
            $"<text class=\"axis end\" x=\"{width}\" y=\"{MarkerBand + Height + Axis - 2}\">{Day(activity.LastMonday)}</text></svg>");
        return svg.ToString();
    }

    private static int X(Activity activity, DateOnly monday) => (monday.DayNumber - activity.FirstMonday.DayNumber) / 7 * BarWidth;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
