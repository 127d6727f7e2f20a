using Microsoft.Extensions.Primitives;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Tests.Web;

/// <summary>The one filter model: read from a query string, written back as the view's address and its feeds'.</summary>
public sealed class ViewQueryTests
{
    private static readonly PolicyCatalog Catalog = new(
        new Dictionary<string, string> { ["eu"] = "European Union", ["uk"] = "United Kingdom" },
        [new Dossier("d1", "Dossier one", "eu", null, null, ["x"], [], [])],
        [new Topic("t1", "Topic one", null, ["y"], [])],
        []);

    private static ViewQuery Parse(string query) =>
        ViewQuery.Parse(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).Select(p => new KeyValuePair<string, StringValues>(p.Key, p.Value)), Catalog);

    [Theory]
    [InlineData("?jurisdiction=eu", "/j/eu")]
    [InlineData("?jurisdiction=eu&q=chat+control&kind=article", "/j/eu?kind=article&q=chat%20control")]
    [InlineData("?dossier=d1&kind=milestone", "/dossiers/d1?kind=milestone")]
    [InlineData("?topic=t1&from=2024-01-01", "/topics/t1?from=2024-01-01")]
    [InlineData("?jurisdiction=eu&dossier=d1", "/timeline?jurisdiction=eu&dossier=d1")]
    [InlineData("?q=&jurisdiction=&to=2024-02-29", "/timeline?to=2024-02-29")]
    [InlineData("", "/timeline")]
    public void A_view_is_written_back_as_its_shortest_shareable_address(string query, string href) =>
        Assert.Equal(href, Parse(query).Href());

    [Fact]
    public void The_to_day_is_included_and_days_are_utc()
    {
        var filter = Parse("?from=2024-01-01&to=2024-01-31").ToFilter();

        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), filter.From);
        Assert.Equal(new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), filter.To);
    }

    [Fact]
    public void A_search_ranks_by_relevance_unless_ordered_by_date_and_a_timeline_is_by_date()
    {
        Assert.Equal(ItemOrder.Relevance, Parse("?q=x").ToFilter().Order);
        Assert.Equal(ItemOrder.Date, Parse("?q=x&order=date").ToFilter().Order);
        Assert.Equal(ItemOrder.Date, Parse("").ToFilter().Order);
    }

    [Theory]
    [InlineData("?from=99999-01-01")]
    [InlineData("?from=2024-1-1")]
    [InlineData("?to=0001-01-01")]
    [InlineData("?from=2024-02-02&to=2024-02-01")]
    [InlineData("?dossier=nope")]
    [InlineData("?source=nope")]
    [InlineData("?kind=2")]
    [InlineData("?order=best")]
    public void Values_that_name_no_view_are_refused_with_a_reason(string query) =>
        Assert.Throws<ViewQueryException>(() => Parse(query));

    [Fact]
    public void Removing_a_filter_keeps_the_others_and_drops_the_cursor()
    {
        var view = Parse("?jurisdiction=eu&dossier=d1&q=x&order=date&cursor=abc");

        Assert.Equal("/dossiers/d1?q=x&order=date", view.Without("jurisdiction").Href());
        Assert.Equal("/timeline?jurisdiction=eu&dossier=d1", view.Without("q").Href());
        Assert.Equal("/timeline?jurisdiction=eu&dossier=d1&q=x&order=date&cursor=abc", view.Href(withCursor: true));
    }

    [Theory]
    [InlineData("?jurisdiction=eu", "/feeds/j/eu.atom", "/feeds/j/eu.rss")]
    [InlineData("?dossier=d1&cursor=abc", "/feeds/dossiers/d1.atom", "/feeds/dossiers/d1.rss")]
    [InlineData("?topic=t1", "/feeds/topics/t1.atom", "/feeds/topics/t1.rss")]
    [InlineData("?jurisdiction=eu&q=x", "/feeds/timeline.atom?jurisdiction=eu&q=x", "/feeds/timeline.rss?jurisdiction=eu&q=x")]
    [InlineData("", "/feeds/timeline.atom", "/feeds/timeline.rss")]
    public void Feed_links_follow_the_feeds_url_scheme(string query, string atom, string rss)
    {
        var feeds = FeedLinks.For(Parse(query));

        Assert.Equal(atom, feeds.Atom);
        Assert.Equal(rss, feeds.Rss);
        Assert.Equal(atom.Replace(".atom", ".json"), feeds.Json);
    }

    [Theory]
    [InlineData("Council debates <chat> control", "\"chat control\" OR debate*", "Council <mark>debate</mark>s &lt;chat&gt; control")]
    [InlineData("Chat control vote", "chat AND NOT vote", "<mark>Chat</mark> control <mark>vote</mark>")]
    [InlineData("A & B", null, "A &amp; B")]
    public void Titles_are_encoded_and_the_search_words_marked(string title, string? q, string html) =>
        Assert.Equal(html, Highlight.Html(title, q));

    [Fact]
    public void The_chart_draws_a_bar_per_active_week_and_a_marker_per_milestone()
    {
        var monday = new DateOnly(2024, 1, 1);
        var svg = ActivityChart.Svg(new Activity(monday, monday.AddDays(14),
            [new ActivityWeek(monday, 2), new ActivityWeek(monday.AddDays(14), 4)],
            [new ActivityMarker(1, "milestone", "Vote <1>", new DateTimeOffset(2024, 1, 16, 0, 0, 0, TimeSpan.Zero))]));

        Assert.StartsWith("<svg class=\"activity\"", svg);
        Assert.Equal(2, svg.Split("<rect class=\"bar\"").Length - 1);
        Assert.Contains("height=\"80\"", svg); // the busiest week is full height
        Assert.Contains("Vote &lt;1&gt; (milestone)", svg);
        Assert.Equal("", ActivityChart.Svg(Activity.None));
    }
}
