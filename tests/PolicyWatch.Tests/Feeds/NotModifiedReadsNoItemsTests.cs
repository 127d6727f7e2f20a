using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Tests.Support;
using SQLitePCL;
using Xunit.Abstractions;

// Not PolicyWatch.Tests.Feeds: that would hide Support.Feeds (the fixture feed builder) from every other test.
namespace PolicyWatch.Tests.FeedsHttp;

/// <summary>
/// README, Feeds: "the validators come from indexes only …, so a 304 never reads items". Every statement SQLite runs
/// while the host answers a conditional request is traced (<see cref="SqliteTrace"/>), then compiled again on a
/// connection of the test's own: SQLite's authorizer says which columns of which tables it reads, and EXPLAIN QUERY
/// PLAN how it reaches them. Of an item, a validator may know its id, when it changed, its date and its source, read
/// from an index that holds them (or the largest rowid); never its title, summary or any other column, nor its text
/// in the search index. SQLite's tools (its trace, its authorizer, its plans) do the checking, so it runs on SQLite only.
/// </summary>
[Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
public sealed partial class NotModifiedReadsNoItemsTests(FeedHostFixture fixture, ITestOutputHelper output) : IClassFixture<FeedHostFixture>
{
    // "" is the authorizer's name for a table read for no column (max(id) reads the rowid alone).
    private static readonly HashSet<string> ValidatorColumns = ["id", "last_changed_at", "published_at", "source_id", ""];

    [Theory]
    [InlineData("/feeds/timeline.atom")]
    [InlineData("/feeds/j/eu.rss")]
    [InlineData("/feeds/dossiers/eu-csam-regulation.atom")]
    [InlineData("/feeds/topics/client-side-scanning.json")]
    [InlineData("/feeds/sources/eu-news.atom")]
    [InlineData("/feeds/search.atom?q=Ofcom")]
    [InlineData("/feeds/timeline.rss?jurisdiction=uk&kind=article&from=2020-01-01")]
    public async Task A_304_reads_no_item_rows(string path)
    {
        var etag = (await fixture.Host.Client.GetAsync(path)).Headers.ETag!;

        var (status, statements) = await TraceAsync(path, etag);

        Assert.Equal(HttpStatusCode.NotModified, status);
        // The validators were read, and traced: an empty trace would prove nothing.
        Assert.Contains(statements, sql => sql.Contains("FROM items", StringComparison.Ordinal));
        Assert.Empty(await ItemReadsAsync(statements));
    }

    // The check itself: the same request without a validator renders the feed, and the check sees it read items.
    [Fact]
    public async Task A_200_is_seen_reading_items()
    {
        var (status, statements) = await TraceAsync("/feeds/j/eu.rss", etag: null);

        Assert.Equal(HttpStatusCode.OK, status);
        var reads = await ItemReadsAsync(statements);
        Assert.Contains(reads, read => read.Contains("reads items.title", StringComparison.Ordinal));
        Assert.Contains(reads, read => read.Contains("reads items.summary_html", StringComparison.Ordinal));
    }

    private async Task<(HttpStatusCode Status, IReadOnlyList<string> Statements)> TraceAsync(string path, System.Net.Http.Headers.EntityTagHeaderValue? etag)
    {
        using var trace = new SqliteTrace(fixture.Database.Path);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (etag is not null) request.Headers.IfNoneMatch.Add(etag);
        trace.Start();
        var response = await fixture.Host.Client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        trace.Stop();
        foreach (var sql in trace.Statements) output.WriteLine(sql);
        return (response.StatusCode, trace.Statements);
    }

    /// <summary>What in <paramref name="statements"/> reads an item beyond its validators, each with its statement.</summary>
    private async Task<IReadOnlyList<string>> ItemReadsAsync(IReadOnlyList<string> statements)
    {
        await using var connection = await fixture.Database.OpenSqliteAsync();
        var found = new List<string>();
        foreach (var sql in statements.Where(s => !s.StartsWith("--", StringComparison.Ordinal)).Distinct())
        {
            var (reads, plan) = Compile(connection, sql);
            found.AddRange(reads.Where(r => r.Table == "items_fts" || (r.Table == "items" && !ValidatorColumns.Contains(r.Column)))
                .Select(r => $"reads {r.Table}.{r.Column}: {sql}"));
            found.AddRange(plan.Where(step => ItemsStep().IsMatch(step) && !IndexOnlyStep().IsMatch(step))
                .Select(step => $"{step}: {sql}"));
        }
        return found;
    }

    /// <summary>The columns the statement reads (as SQLite's authorizer is asked about them) and its query plan.</summary>
    private static (IReadOnlyList<(string Table, string Column)> Reads, IReadOnlyList<string> Plan) Compile(SqliteConnection connection, string sql)
    {
        var reads = new List<(string, string)>();
        raw.sqlite3_set_authorizer(connection.Handle, (_, action, table, column, _, _) =>
        {
            if (action == raw.SQLITE_READ) reads.Add((table.utf8_to_string(), column.utf8_to_string()));
            return raw.SQLITE_OK;
        }, null);
        try
        {
            var plan = connection.Query<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql).Select(r => r.Detail).ToList();
            return (reads, plan);
        }
        finally
        {
            raw.sqlite3_set_authorizer(connection.Handle, (delegate_authorizer?)null, null);
        }
    }

    // A step of the plan on the items table itself (not items_fts, not item_dossiers).
    [System.Text.RegularExpressions.GeneratedRegex(@"^(SCAN|SEARCH) items\b")]
    private static partial System.Text.RegularExpressions.Regex ItemsStep();

    // A search (a scan would be linear in the items) through an index that holds every column the statement needs,
    // or for the largest (or smallest) rowid alone.
    [System.Text.RegularExpressions.GeneratedRegex(@"^SEARCH items( USING COVERING INDEX \w+( \(.*\))?)?$")]
    private static partial System.Text.RegularExpressions.Regex IndexOnlyStep();
}
