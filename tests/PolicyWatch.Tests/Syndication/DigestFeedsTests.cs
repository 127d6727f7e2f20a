using PolicyWatch.Storage;
using PolicyWatch.Syndication;
using PolicyWatch.Tests.Stories;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Syndication;

/// <summary>Digests: one entry per closed period by first-seen time, frozen once rendered, the open period never published.</summary>
public sealed class DigestFeedsTests : IDisposable
{
    private static readonly Uri Site = new("https://pw.example/");
    private static readonly DateTimeOffset Monday = new(2024, 6, 3, 0, 0, 0, TimeSpan.Zero);
    private readonly TestPipeline _pipeline = new(TestCatalog.Json(new TestCatalog.Source("eu-news", new Uri("http://127.0.0.1:9/"))));
    private readonly StoredItems.Clock _clock = new(Monday.AddDays(7).AddHours(1));

    private DigestFeeds Digests(Database? database = null) =>
        new(new DigestQueries(database ?? _pipeline.Database), _pipeline.Catalog, new FeedOptions(), _clock);

    private Task<IReadOnlyList<FeedEntry>> WeeklyAsync(DigestFeeds digests) =>
        digests.EntriesAsync(DigestCadence.Weekly, DigestScope.Jurisdiction, "eu", Site);

    private Task<long> SeenAsync(string guid, DateTimeOffset at, string title = "An item", params string[] dossiers) =>
        StoredItems.InsertAsync(_pipeline.Database, new StoredItems.Row(guid, title, at) { FirstSeenAt = at, Dossiers = dossiers });

    [Fact]
    public void A_week_runs_from_monday_midnight_to_sunday_23_59_59_utc()
    {
        var sunday = DigestPeriod.Containing(DigestCadence.Weekly, Monday.AddSeconds(-1));
        var monday = DigestPeriod.Containing(DigestCadence.Weekly, Monday);

        Assert.Equal(Monday.AddDays(-7), sunday.Start);
        Assert.Equal(Monday, sunday.End);
        Assert.Equal(Monday, monday.Start);
        Assert.Equal("2024-06-03", monday.Key);
    }

    [Fact]
    public async Task Items_at_sunday_23_59_59_and_monday_00_00_00_land_in_different_weeks()
    {
        await SeenAsync("sun", Monday.AddSeconds(-1), "Sunday night");
        await SeenAsync("mon", Monday, "Monday morning");

        var entries = await WeeklyAsync(Digests());

        Assert.Equal(2, entries.Count);
        Assert.EndsWith("/2024-06-03", entries[0].Id);
        Assert.Contains("Monday morning", entries[0].ContentHtml);
        Assert.DoesNotContain("Sunday night", entries[0].ContentHtml);
        Assert.EndsWith("/2024-05-27", entries[1].Id);
        Assert.Contains("Sunday night", entries[1].ContentHtml);
        Assert.Equal(Monday, entries[1].Updated);
    }

    [Fact]
    public async Task The_open_period_is_not_published_and_an_empty_period_has_no_entry()
    {
        await SeenAsync("now", _clock.Now.AddMinutes(-30));

        Assert.Empty(await WeeklyAsync(Digests()));

        // Closed, but still within the grace for crawls in flight at midnight.
        _clock.Now = Monday.AddDays(14).AddMinutes(5);
        Assert.Empty(await WeeklyAsync(Digests()));

        _clock.Now = Monday.AddDays(14).AddMinutes(11);
        Assert.Single(await WeeklyAsync(Digests()));
    }

    [Fact]
    public async Task A_closed_period_never_changes_across_requests_restarts_late_items_and_edits()
    {
        var id = await SeenAsync("a", Monday.AddHours(10), "Council agrees chat control position", "eu-csam-regulation");
        await SeenAsync("b", Monday.AddDays(1), "Commentary");
        var first = await WeeklyAsync(Digests());
        var again = await WeeklyAsync(Digests());

        // Late item published inside the closed week, an edited title: neither reopens the week.
        await StoredItems.InsertAsync(_pipeline.Database, new StoredItems.Row("late", "Late arrival", Monday.AddDays(2)) { FirstSeenAt = _clock.Now });
        await using (var connection = await _pipeline.Database.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE items SET title = 'Edited' WHERE id = @id", new { id });
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var afterRestart = await WeeklyAsync(Digests(TestDatabases.Open(_pipeline.DatabasePath)));

        Assert.Single(first);
        Assert.Equivalent(first, again, strict: true);
        Assert.Equivalent(first, afterRestart, strict: true);
        Assert.Contains("Council agrees chat control position", afterRestart[0].ContentHtml);
        Assert.Equal("European Union: week of 3 June 2024 (2 stories)", first[0].Title);

        // The late item is news of the week it arrived in, published when that week closes.
        _clock.Now = Monday.AddDays(14).AddHours(1);
        var next = await WeeklyAsync(Digests());
        Assert.Equal(2, next.Count);
        Assert.Contains("Late arrival", next[0].ContentHtml);
        Assert.Equivalent(first[0], next[1], strict: true);
    }

    [Fact]
    public async Task The_summary_groups_by_dossier_then_topic_with_counts_official_events_first_and_every_item_linked()
    {
        var article = await SeenAsync("art", Monday.AddHours(1), "Coverage of chat control", "eu-csam-regulation");
        await StoredItems.InsertAsync(_pipeline.Database, new StoredItems.Row("ms", "Commission proposal", Monday.AddHours(2))
            { Kind = "milestone", Stage = "proposal", FirstSeenAt = Monday.AddHours(2), Dossiers = ["eu-csam-regulation"] });
        await SeenAsync("other", Monday.AddHours(3), "Unrelated");

        var html = (await WeeklyAsync(Digests()))[0].ContentHtml!;

        Assert.Contains("<h2>EU CSAM Regulation (2)</h2>", html);
        Assert.Contains("<h2>Other coverage (1)</h2>", html);
        Assert.True(html.IndexOf("Commission proposal", StringComparison.Ordinal) < html.IndexOf("Coverage of chat control", StringComparison.Ordinal));
        Assert.True(html.IndexOf("EU CSAM Regulation", StringComparison.Ordinal) < html.IndexOf("Other coverage", StringComparison.Ordinal));
        Assert.Contains("<strong>Milestone (proposal):</strong>", html);
        Assert.Contains($"href=\"https://pw.example/items/{article}\"", html);
        Assert.Contains("href=\"https://example.org/art\"", html);
    }

    [Fact]
    public async Task A_story_is_one_line_and_counts_once_naming_the_other_sources()
    {
        var first = await SeenAsync("first", Monday.AddHours(1), "Council agrees chat control position", "eu-csam-regulation");
        await using (var connection = await _pipeline.Database.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "INSERT INTO sources (id, name, url, type, jurisdiction, every_seconds) VALUES ('wire', 'The Wire', 'file:///x', 'feed', 'global', 60)");
        var copy = await StoredItems.InsertAsync(_pipeline.Database, new StoredItems.Row("copy", "EU states agree on chat control", Monday.AddHours(2))
            { SourceId = "wire", FirstSeenAt = Monday.AddHours(2), Dossiers = ["eu-csam-regulation"] });
        await SeenAsync("other", Monday.AddHours(3), "Unrelated");
        await StoryRows.JoinAsync(_pipeline.Database, first, copy);

        var entry = (await WeeklyAsync(Digests()))[0];

        Assert.EndsWith("(2 stories)", entry.Title);
        Assert.Contains("<h2>EU CSAM Regulation (1)</h2>", entry.ContentHtml);
        Assert.DoesNotContain("EU states agree on chat control", entry.ContentHtml);
        Assert.Contains($"; also reported by <a href=\"https://pw.example/items/{copy}\">The Wire</a></li>", entry.ContentHtml);
    }

    [Fact]
    public void A_summary_frozen_before_stories_keeps_counting_items()
    {
        var frozen = DigestSummary.FromJson("""{"scopeTitle":"European Union","periodLabel":"week of 3 June 2024","itemCount":2,"groups":[]}""");
        Assert.Equal("European Union: week of 3 June 2024 (2 items)", frozen.Heading);
        Assert.StartsWith("<p>2 items first seen", DigestHtml.Render(frozen, Site));
    }

    [Fact]
    public async Task Daily_digests_cover_one_utc_day()
    {
        await SeenAsync("d1", Monday.AddDays(5).AddHours(23).AddMinutes(59));
        await SeenAsync("d2", Monday.AddDays(6));

        var entries = await Digests().EntriesAsync(DigestCadence.Daily, DigestScope.Jurisdiction, "eu", Site);

        Assert.Equal(["2024-06-09", "2024-06-08"], entries.Select(e => e.Id[^10..]));
    }

    [Fact]
    public async Task An_entry_links_to_the_page_of_its_own_digest_not_to_a_timeline_by_publication_date()
    {
        // Published long before, first seen in the week: a timeline narrowed to the week would not show it.
        await StoredItems.InsertAsync(_pipeline.Database, new StoredItems.Row("old", "Published in 2019", new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero))
            { FirstSeenAt = Monday.AddHours(5) });

        var entry = (await WeeklyAsync(Digests())).Single();

        Assert.Equal(new Uri("https://pw.example/digests/weekly/j/eu/2024-06-03"), entry.Link);
        var period = DigestPeriod.Containing(DigestCadence.Weekly, Monday);
        var summary = await Digests().SummaryAsync(DigestScope.Jurisdiction, "eu", period);
        Assert.Equal(entry.Title, summary!.Heading);
        Assert.Equal("Published in 2019", summary.Groups.Single().Topics.Single().Lines.Single().Title);
    }

    [Fact]
    public async Task A_digest_is_shown_only_for_a_period_a_feed_publishes_or_published()
    {
        await SeenAsync("a", Monday.AddHours(1));
        var digests = Digests();

        Assert.Null(await digests.SummaryAsync(DigestScope.Jurisdiction, "eu", DigestPeriod.Containing(DigestCadence.Weekly, _clock.Now)));
        Assert.NotNull(await digests.SummaryAsync(DigestScope.Jurisdiction, "eu", DigestPeriod.Containing(DigestCadence.Weekly, Monday)));
        var longAgo = DigestPeriod.Containing(DigestCadence.Weekly, Monday.AddYears(-3));
        Assert.Null(await digests.SummaryAsync(DigestScope.Jurisdiction, "eu", longAgo));

        // Once published, a period's page stays, after the feed has moved on.
        _clock.Now = _clock.Now.AddYears(1);
        Assert.NotNull(await digests.SummaryAsync(DigestScope.Jurisdiction, "eu", DigestPeriod.Containing(DigestCadence.Weekly, Monday)));
    }

    [Theory]
    [InlineData(DigestCadence.Weekly, "2024-06-03", true)]
    [InlineData(DigestCadence.Weekly, "2024-06-04", false)]
    [InlineData(DigestCadence.Daily, "2024-06-04", true)]
    [InlineData(DigestCadence.Daily, "2024-6-4", false)]
    [InlineData(DigestCadence.Daily, "0001-01-01", true)]
    [InlineData(DigestCadence.Weekly, "0001-01-01", true)]
    public void A_period_is_read_back_from_its_key_only_on_a_day_it_starts(DigestCadence cadence, string key, bool valid)
    {
        Assert.Equal(valid, DigestPeriod.TryParse(cadence, key, out var period));
        if (valid) Assert.Equal(key, period.Key);
    }

    [Fact]
    public async Task Items_recovered_by_a_history_walk_are_never_a_periods_new_items()
    {
        await SeenAsync("live", Monday.AddHours(1), "Seen in a crawl");
        await StoredItems.InsertAsync(_pipeline.Database, new StoredItems.Row("archived", "Found in the archives", Monday.AddYears(-2))
            { FirstSeenAt = Monday.AddHours(2), ArrivedVia = "history" });
        await StoredItems.InsertAsync(_pipeline.Database, new StoredItems.Row("only-archived", "Also from the archives", Monday.AddYears(-2))
            { FirstSeenAt = Monday.AddDays(-3), ArrivedVia = "history" });

        var entries = await WeeklyAsync(Digests());

        var entry = Assert.Single(entries);
        Assert.Contains("Seen in a crawl", entry.ContentHtml);
        Assert.DoesNotContain("archives", entry.ContentHtml);
        Assert.EndsWith("(1 story)", entry.Title);
    }

    public void Dispose() => _pipeline.Dispose();
}
