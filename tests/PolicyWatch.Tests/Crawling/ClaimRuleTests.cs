using Dapper;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Crawling;

/// <summary>
/// The host rule a claim applies in SQL takes exactly what walking the due sources one by one takes: oldest next fetch
/// first (the id breaking ties), a host another node holds skipped, at most so many hosts, at most so many sources.
/// </summary>
public sealed class ClaimRuleTests
{
    /// <summary>In whole seconds, as the database keeps instants, so that the walk compares what the database does.</summary>
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());

    /// <summary>One source's row as the claim sees it.</summary>
    private sealed record Row(string Id, string Host, DateTimeOffset NextFetchAt, string? ClaimedBy, DateTimeOffset? ClaimedUntil);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(16, 4)]
    [InlineData(5, 10)]
    [InlineData(200, 3)]
    [InlineData(200, 200)]
    public async Task A_claim_takes_what_walking_the_due_sources_in_order_takes(int limit, int hosts)
    {
        var rows = Rows(new Random(limit * 1000 + hosts));
        using var pipeline = new TestPipeline(TestCatalog.Json(rows.Select(r => new TestCatalog.Source(r.Id, new Uri($"https://{r.Host}/{r.Id}.xml"))).ToArray()));
        await using (var connection = await pipeline.Database.OpenAsync())
            foreach (var row in rows)
                await connection.ExecuteAsync("UPDATE sources SET next_fetch_at = @NextFetchAt, claimed_by = @ClaimedBy, claimed_until = @ClaimedUntil WHERE id = @Id", row);

        var taken = await pipeline.Sources.ClaimDueAsync("a", Now, Now.AddMinutes(30), limit, hosts);

        Assert.Equal(Walk(rows, "a", limit, hosts), taken);
        Assert.NotEmpty(taken);
    }

    /// <summary>
    /// 120 sources on 12 hosts, due a few minutes apart so that many are due at the same moment; some not due yet,
    /// a few held by other nodes, by node a itself, or held once, their lease run out.
    /// </summary>
    private static List<Row> Rows(Random random) =>
        Enumerable.Range(1, 120).Select(i =>
        {
            var next = random.Next(10) < 8 ? Now.AddMinutes(-random.Next(5)) : Now.AddMinutes(10);
            var (by, until) = random.Next(40) switch
            {
                0 => ("x", Now.AddMinutes(20)),
                1 => ("y", Now.AddMinutes(20)),
                2 => ("x", Now.AddMinutes(-1)),
                3 => ("a", Now.AddMinutes(20)),
                _ => ((string?)null, (DateTimeOffset?)null),
            };
            return new Row($"s{i:D3}", $"h{random.Next(12)}.example", next, by, until);
        }).ToList();

    /// <summary>The rule as a walk: what claims did in C# before the database kept the hosts.</summary>
    private static List<string> Walk(List<Row> rows, string node, int limit, int hosts)
    {
        var held = rows.Where(r => r.ClaimedBy is not null && r.ClaimedBy != node && r.ClaimedUntil > Now).Select(r => r.Host).ToHashSet();
        var due = rows.Where(r => r.NextFetchAt <= Now && (r.ClaimedUntil is null || r.ClaimedUntil <= Now))
            .OrderBy(r => r.NextFetchAt).ThenBy(r => r.Id, StringComparer.Ordinal);
        var taken = new List<string>();
        var chosen = new HashSet<string>();
        foreach (var row in due)
        {
            if (taken.Count == limit) break;
            if (held.Contains(row.Host) || (!chosen.Contains(row.Host) && chosen.Count == hosts)) continue;
            chosen.Add(row.Host);
            taken.Add(row.Id);
        }
        return taken;
    }
}
