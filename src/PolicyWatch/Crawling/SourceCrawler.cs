using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Fetching;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage;

namespace PolicyWatch.Crawling;

/// <summary>
/// Crawls one source: fetch → parse → normalize → classify → store → record the outcome → archive new pages.
/// A failing source never throws: its failure is written on its row and in the fetch log.
/// </summary>
public sealed class SourceCrawler(
    Database database,
    SourceStore sources,
    Fetcher fetcher,
    Classifier classifier,
    PageArchiver archiver,
    Schedule schedule,
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
        var fetch = await fetcher.FetchAsync(new FetchRequest(source.Url, state?.ETag, state?.LastModified), cancellationToken);
        if (fetch.Status != FetchStatus.Ok)
            return (await RecordAsync(source, state, started, clock, fetch, [], fetch.Error, cancellationToken)).Report;

        var read = DocumentReader.Read(source, fetch);
        if (read.Error is not null)
            return (await RecordAsync(source, state, started, clock, fetch, [], read.Error, cancellationToken)).Report;

        var items = read.Items.Select(item => new ClassifiedItem(item, classifier.Classify(Text(item), source))).ToList();
        var kept = items.Where(i => source.Keep == KeepPolicy.All || i.Tags.MatchesAnything).ToList();
        var (report, newIds) = await RecordAsync(source, state, started, clock, fetch, kept, null, cancellationToken, skipped: items.Count - kept.Count, note: read.Note);
        return report with { Archived = await archiver.ArchiveAsync(source, newIds, cancellationToken) };
    }

    private static ClassifiableText Text(NormalizedItem item) => new(item.Title, item.SummaryText, item.ContentText);

    /// <summary>Stores the items, the fetch log entry and the source's new state in one transaction.</summary>
    private async Task<(CrawlReport Report, IReadOnlyList<long> NewIds)> RecordAsync(
        SourceDefinition source, SourceState? state, DateTimeOffset started, Stopwatch clock, FetchResult fetch,
        IReadOnlyList<ClassifiedItem> items, string? error, CancellationToken cancellationToken, int skipped = 0, string? note = null)
    {
        var now = time.GetUtcNow();
        var failures = error is null ? 0 : (state?.FailuresInRow ?? 0) + 1;
        var gone = fetch.Status == FetchStatus.Gone;
        var outcome = gone ? "gone" : error is not null ? "failed" : fetch.Status == FetchStatus.NotModified ? "not-modified"
            : note is not null ? "ok, with warnings" : "ok";
        var next = error is null
            ? schedule.AfterSuccess(now, source.Every, fetch.MaxAge)
            : schedule.AfterFailure(now, source.Every, failures, fetch.RetryAfter);

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var counts = await ItemStore.UpsertAsync(transaction, source.Id, items, now);
        var report = new CrawlReport(source.Id, outcome, fetch.HttpStatus, clock.Elapsed, counts.New, counts.Updated, skipped, error) { Note = note };
        await FetchLogStore.AddAsync(transaction, new FetchAttempt(source.Id, started, (long)clock.Elapsed.TotalMilliseconds,
            fetch.HttpStatus, outcome, fetch.Bytes, counts.New, counts.Updated, skipped, error) { Note = note });
        await SourceStore.RecordAsync(transaction, source.Id, new SourceOutcome(
            now, error is null, outcome, error, next, gone, fetch.ETag, fetch.LastModified));
        await transaction.CommitAsync(cancellationToken);
        Log(report);
        return (report, counts.NewIds);
    }

    private async Task<CrawlReport> RecordUnexpectedAsync(SourceDefinition source, Exception e, CancellationToken cancellationToken)
    {
        var error = $"internal error: {e.GetType().Name}: {e.Message}";
        try
        {
            var state = await sources.GetStateAsync(source.Id, cancellationToken);
            return (await RecordAsync(source, state, time.GetUtcNow(), Stopwatch.StartNew(), FetchResult.Failure(source.Url, error), [], error, cancellationToken)).Report;
        }
        catch (Exception recordFailure) when (recordFailure is not OperationCanceledException)
        {
            logger.LogError(recordFailure, "Could not record the failure of {SourceId}", source.Id);
            return new CrawlReport(source.Id, "failed", null, TimeSpan.Zero, 0, 0, 0, error);
        }
    }

    private void Log(CrawlReport report)
    {
        if (report.Succeeded)
            logger.LogInformation("Crawled {SourceId}: {Outcome} {HttpStatus} in {DurationMs} ms, {New} new, {Updated} updated, {Skipped} skipped{Note}",
                report.SourceId, report.Outcome, report.HttpStatus?.ToString() ?? "no response", (long)report.Duration.TotalMilliseconds, report.New, report.Updated, report.Skipped,
                report.Note is null ? "" : $": {report.Note}");
        else
            logger.LogWarning("Crawled {SourceId}: {Outcome} {HttpStatus} in {DurationMs} ms: {Error}",
                report.SourceId, report.Outcome, report.HttpStatus?.ToString() ?? "no response", (long)report.Duration.TotalMilliseconds, report.Error);
    }
}
