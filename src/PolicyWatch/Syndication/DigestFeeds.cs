using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Syndication;

/// <summary>
/// Daily and weekly digests: one entry per closed period that has items, newest first.
/// <para>
/// Two rules make a closed period's entry never change. Items belong to the period in which
/// PolicyWatch first saw them (first_seen_at), not the date they claim: an article published
/// on Sunday but crawled on Tuesday is news of Tuesday's week, so a late arrival never has to
/// reopen a week readers already have. And the first render after a period closes freezes its
/// summary in digest_periods; later renders read it back, so retagging, edited titles or a
/// renamed dossier cannot rewrite history. The open period (and a short grace after it ends,
/// for crawls in flight at midnight) is never published.
/// </para>
/// </summary>
public sealed class DigestFeeds(DigestQueries queries, PolicyCatalog catalog, FeedOptions options, TimeProvider time)
{
    /// <summary>The digest's scope title from feeds.json, or null when the id is unknown.</summary>
    public string? ScopeTitle(DigestScope scope, string id) => scope switch
    {
        DigestScope.Jurisdiction => catalog.Jurisdictions.GetValueOrDefault(id),
        DigestScope.Dossier => catalog.FindDossier(id)?.Title,
        _ => catalog.FindTopic(id)?.Name,
    };

    /// <summary>The periods published now, newest first; the newest decides the feed's validator.</summary>
    public IReadOnlyList<DigestPeriod> PublishedPeriods(DigestCadence cadence) =>
        DigestPeriod.Closed(cadence, time.GetUtcNow(), cadence == DigestCadence.Weekly ? options.WeeklyPeriods : options.DailyPeriods, options.DigestGrace);

    public static string FeedKey(DigestCadence cadence, DigestScope scope, string id) =>
        $"{Name(cadence)}/{Name(scope)}/{id}";

    /// <summary>Entries of the digest feed, freezing any closed period seen for the first time.</summary>
    /// <remarks>Each entry links to its own page (<see cref="PagePath"/>), which lists exactly the entry's items.</remarks>
    public async Task<IReadOnlyList<FeedEntry>> EntriesAsync(DigestCadence cadence, DigestScope scope, string id, Uri siteRoot,
        CancellationToken cancellationToken = default)
    {
        var periods = PublishedPeriods(cadence);
        var key = FeedKey(cadence, scope, id);
        var frozen = await FrozenAsync(key, scope, id, periods, cancellationToken);
        return periods
            .Where(p => frozen.TryGetValue(p.Start, out var d) && d.ItemCount > 0)
            .Select(p => Entry(p, frozen[p.Start], key, scope, id, siteRoot))
            .ToList();
    }

    /// <summary>
    /// One period's digest exactly as its entry has it: a period the feed publishes now (frozen here if this
    /// is its first render) or one it published before; null for any other (open, in its grace, or never
    /// published), so asking for a page never freezes what no feed would have.
    /// </summary>
    public async Task<DigestSummary?> SummaryAsync(DigestScope scope, string id, DigestPeriod period, CancellationToken cancellationToken = default)
    {
        var key = FeedKey(period.Cadence, scope, id);
        var frozen = PublishedPeriods(period.Cadence).Contains(period)
            ? await FrozenAsync(key, scope, id, [period], cancellationToken)
            : await ReadFrozenAsync(key, [period], cancellationToken);
        return frozen.TryGetValue(period.Start, out var digest) ? DigestSummary.FromJson(digest.SummaryJson) : null;
    }

    /// <summary>The frozen digests of <paramref name="periods"/>, freezing those rendered for the first time.</summary>
    private async Task<Dictionary<DateTimeOffset, FrozenDigest>> FrozenAsync(string key, DigestScope scope, string id, IReadOnlyList<DigestPeriod> periods,
        CancellationToken cancellationToken)
    {
        var frozen = await ReadFrozenAsync(key, periods, cancellationToken);
        var missing = periods.Where(p => !frozen.ContainsKey(p.Start)).ToList();
        if (missing.Count == 0) return frozen;
        await FreezeAsync(key, scope, id, missing, cancellationToken);
        return await ReadFrozenAsync(key, periods, cancellationToken);
    }

    private async Task<Dictionary<DateTimeOffset, FrozenDigest>> ReadFrozenAsync(string key, IReadOnlyList<DigestPeriod> periods, CancellationToken cancellationToken) =>
        (await queries.FrozenAsync(key, periods.Min(p => p.Start), cancellationToken))
            .Where(d => periods.Any(p => p.Start == d.PeriodStart))
            .ToDictionary(d => d.PeriodStart);

    private async Task FreezeAsync(string key, DigestScope scope, string id, List<DigestPeriod> missing, CancellationToken cancellationToken)
    {
        var title = ScopeTitle(scope, id) ?? id;
        var items = await queries.FirstSeenAsync(scope, id, missing.Min(p => p.Start), missing.Max(p => p.End), cancellationToken);
        var digests = missing.Select(period =>
        {
            var inPeriod = items.Where(i => i.FirstSeenAt >= period.Start && i.FirstSeenAt < period.End).ToList();
            var summary = DigestSummary.Compose(title, period, inPeriod, catalog);
            return new FrozenDigest(key, period.Start, period.End, inPeriod.Count, summary.ToJson());
        }).ToList();
        await queries.FreezeAsync(digests, time.GetUtcNow(), cancellationToken);
    }

    private FeedEntry Entry(DigestPeriod period, FrozenDigest frozen, string key, DigestScope scope, string id, Uri siteRoot)
    {
        var summary = DigestSummary.FromJson(frozen.SummaryJson);
        return new FeedEntry(
            Id: options.Tag($"digest/{key}/{period.Key}"),
            Title: summary.Heading,
            // Not the scope's timeline narrowed by dates: timelines go by publication date, digests by first sight.
            Link: new Uri(siteRoot, PagePath(scope, id, period)),
            ItemPage: null,
            // The instant the period closed: fixed for ever, unlike the time it was first rendered.
            Published: frozen.PeriodEnd,
            Updated: frozen.PeriodEnd,
            Authors: [],
            ContentHtml: DigestHtml.Render(summary, siteRoot),
            SummaryText: null,
            Categories: [new FeedCategory(id, summary.ScopeTitle, new Uri(siteRoot, ScopePath(scope)))],
            Source: null);
    }

    /// <summary>The page of one period's digest: <c>digests/weekly/j/eu/2026-11-16</c>.</summary>
    public static string PagePath(DigestScope scope, string id, DigestPeriod period) =>
        $"digests/{Name(period.Cadence)}/{Name(scope)}/{Uri.EscapeDataString(id)}/{period.Key}";

    /// <summary>The feed's address without extension: <c>feeds/digest/weekly/j/eu</c>.</summary>
    public static string FeedPath(DigestCadence cadence, DigestScope scope, string id) =>
        $"feeds/digest/{Name(cadence)}/{Name(scope)}/{Uri.EscapeDataString(id)}";

    /// <summary>Reads the names of <see cref="Name(DigestCadence)"/> and <see cref="Name(DigestScope)"/> back.</summary>
    public static bool TryParse(string cadence, string scope, out DigestCadence parsedCadence, out DigestScope parsedScope)
    {
        DigestCadence? c = cadence switch { "daily" => DigestCadence.Daily, "weekly" => DigestCadence.Weekly, _ => null };
        DigestScope? s = scope switch { "j" => DigestScope.Jurisdiction, "dossiers" => DigestScope.Dossier, "topics" => DigestScope.Topic, _ => null };
        parsedCadence = c ?? default;
        parsedScope = s ?? default;
        return c is not null && s is not null;
    }

    public static string ScopePath(DigestScope scope) => scope switch
    {
        DigestScope.Jurisdiction => "j/",
        DigestScope.Dossier => "dossiers/",
        _ => "topics/",
    };

    public static string Name(DigestCadence cadence) => cadence == DigestCadence.Weekly ? "weekly" : "daily";

    public static string Name(DigestScope scope) => scope switch
    {
        DigestScope.Jurisdiction => "j",
        DigestScope.Dossier => "dossiers",
        _ => "topics",
    };
}
