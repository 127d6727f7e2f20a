using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Fetching;
using PolicyWatch.Normalizing;
using PolicyWatch.Official;
using PolicyWatch.Storage;

namespace PolicyWatch.Crawling;

/// <summary>
/// Crawls one source: fetch → parse → normalize → classify → store → record the outcome → archive new pages.
/// A failing source never throws: its failure is written on its row and in the fetch log.
/// </summary>
public sealed class SourceCrawler(
    CrawlStore store,
    SourceStore sources,
    Fetcher fetcher,
    OfficialReader official,
    Classifier classifier,
    PageArchiver archiver,
    Schedule schedule,
    CrawlOptions options,
    TimeProvider time,
    ILogger<SourceCrawler> logger)
{
    public async Task<CrawlReport> CrawlAsync(SourceDefinition source, CancellationToken cancellationToken)
    {
        try
        {
            return await CrawlOnceAsync(source, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug or a storage fault while crawling one source must not stop the others.
            logger.LogError(e, "Crawling {SourceId} failed unexpectedly", source.Id);
            return await RecordUnexpectedAsync(source, e, cancellationToken);
        }
    }

    private async Task<CrawlReport> CrawlOnceAsync(SourceDefinition source, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var state = await sources.GetStateAsync(source.Id, cancellationToken);
        var (fetch, read) = await FetchAndReadAsync(source, state, cancellationToken);
        if (fetch.Status != FetchStatus.Ok)
            return await RecordAsync(source, state, started, clock, fetch, [], fetch.Error, cancellationToken);
        if (read.Error is not null)
            return await RecordAsync(source, state, started, clock, fetch, [], read.Error, cancellationToken);

        var items = read.Items.Select(item => new ClassifiedItem(item, classifier.Classify(Text(item), source))).ToList();
        var kept = items.Where(i => source.Keep == KeepPolicy.All || i.Tags.MatchesAnything).ToList();
        var (stored, overCap) = Newest(kept, options.MaxItemsPerFetch);
        var note = Notes(read.Note, overCap > 0 ? $"stored the newest {stored.Count} of {kept.Count} entries (Crawl:MaxItemsPerFetch); {overCap} skipped" : null);
        var report = await RecordAsync(source, state, started, clock, fetch, stored, null, cancellationToken,
            skipped: items.Count - stored.Count, note: note, official: read.Official);
        return report with { Archived = await archiver.ArchiveAsync(source, cancellationToken) };
    }

    /// <summary>
    /// fetch → parse → normalize: the source's one document for feeds and pages (conditionally, with its
    /// validators); for a parliament's API, the documents its reader asks for, recorded as one fetch.
    /// </summary>
    private async Task<(FetchResult Fetch, DocumentRead Read)> FetchAndReadAsync(SourceDefinition source, SourceState? state, CancellationToken cancellationToken)
    {
        if (source.Type.IsOfficialApi())
        {
            var api = await official.ReadAsync(source, cancellationToken);
            return (api.Fetch, new DocumentRead(api.Items, api.Error, api.Note) { Official = api.Record });
        }
        var fetch = await fetcher.FetchAsync(FetchRequest.ForOperator(source.Url, state?.ETag, state?.LastModified), cancellationToken);
        return (fetch, fetch.Status == FetchStatus.Ok ? DocumentReader.Read(source, fetch) : DocumentRead.Nothing);
    }

    /// <summary>At most <paramref name="limit"/> items, the newest by date (undated ones last), and how many were left out.</summary>
    private static (IReadOnlyList<ClassifiedItem> Items, int Left) Newest(IReadOnlyList<ClassifiedItem> items, int limit)
    {
        if (items.Count <= limit) return (items, 0);
        var newest = items.OrderByDescending(i => i.Item.PublishedAt ?? DateTimeOffset.MinValue).Take(Math.Max(0, limit)).ToList();
        return (newest, items.Count - newest.Count);
    }

    private static string? Notes(params string?[] notes) =>
        notes.Any(n => n is not null) ? string.Join("; ", notes.Where(n => n is not null)) : null;

    private static ClassifiableText Text(NormalizedItem item) => new(item.Title, item.SummaryText, item.ContentText);

    /// <summary>
    /// Stores the items, the fetch log entry and the source's new state. Items go in transactions of
    /// <see cref="CrawlOptions.ItemsPerTransaction"/>, so a big feed never holds the write lock for
    /// long; the last batch commits with the log entry and the source's state, so a crash midway
    /// leaves the source due again with its old validators, and the next fetch redoes the rest.
    /// </summary>
    private async Task<CrawlReport> RecordAsync(
        SourceDefinition source, SourceState? state, DateTimeOffset started, Stopwatch clock, FetchResult fetch,
        IReadOnlyList<ClassifiedItem> items, string? error, CancellationToken cancellationToken, int skipped = 0, string? note = null,
        OfficialRecord? official = null)
    {
        var now = time.GetUtcNow();
        var failures = error is null ? 0 : (state?.FailuresInRow ?? 0) + 1;
        var gone = fetch.Status == FetchStatus.Gone;
        var outcome = gone ? FetchOutcome.Gone : error is not null ? FetchOutcome.Failed : fetch.Status == FetchStatus.NotModified ? FetchOutcome.NotModified
            : note is not null ? FetchOutcome.OkWithWarnings : FetchOutcome.Ok;
        var next = error is null
            ? schedule.AfterSuccess(now, source.Every, fetch.MaxAge)
            : schedule.AfterFailure(now, source.Every, failures, fetch.RetryAfter);

        var batches = items.Chunk(Math.Max(1, options.ItemsPerTransaction)).ToList();
        var (added, updated) = (0, 0);
        foreach (var batch in batches.SkipLast(1))
        {
            var stored = await store.StoreItemsAsync(source.Id, batch, now, cancellationToken);
            (added, updated) = (added + stored.New, updated + stored.Updated);
        }
        var last = await store.RecordFetchAsync(new FetchRecord(source.Id, batches.LastOrDefault() ?? [],
            new FetchAttempt(source.Id, started, (long)clock.Elapsed.TotalMilliseconds, fetch.HttpStatus, outcome, fetch.Bytes, added, updated, skipped, error)
                { Note = note, Node = options.Node },
            new SourceOutcome(now, error is null, outcome, error, next, gone, fetch.ETag, fetch.LastModified) { Node = options.Node }) { Official = official }, now, cancellationToken);
        var report = new CrawlReport(source.Id, outcome, fetch.HttpStatus, clock.Elapsed, added + last.New, updated + last.Updated, skipped, error) { Note = note };
        Log(report);
        return report;
    }

    private async Task<CrawlReport> RecordUnexpectedAsync(SourceDefinition source, Exception e, CancellationToken cancellationToken)
    {
        var error = $"internal error: {e.GetType().Name}: {e.Message}";
        try
        {
            var state = await sources.GetStateAsync(source.Id, cancellationToken);
            return await RecordAsync(source, state, time.GetUtcNow(), Stopwatch.StartNew(), FetchResult.Failure(source.Url, error), [], error, cancellationToken);
        }
        catch (Exception recordFailure) when (recordFailure is not OperationCanceledException)
        {
            logger.LogError(recordFailure, "Could not record the failure of {SourceId}", source.Id);
            return new CrawlReport(source.Id, FetchOutcome.Failed, null, TimeSpan.Zero, 0, 0, 0, error);
        }
    }

    private void Log(CrawlReport report)
    {
        if (report.Succeeded)
            logger.LogInformation("Crawled {SourceId} on {Node}: {Outcome} {HttpStatus} in {DurationMs} ms, {New} new, {Updated} updated, {Skipped} skipped{Note}",
                report.SourceId, options.Node, report.Outcome.Describe(), report.HttpStatus?.ToString() ?? "no response", (long)report.Duration.TotalMilliseconds, report.New, report.Updated, report.Skipped,
                report.Note is null ? "" : $": {report.Note}");
        else
            logger.LogWarning("Crawled {SourceId} on {Node}: {Outcome} {HttpStatus} in {DurationMs} ms: {Error}",
                report.SourceId, options.Node, report.Outcome.Describe(), report.HttpStatus?.ToString() ?? "no response", (long)report.Duration.TotalMilliseconds, report.Error);
    }
}
