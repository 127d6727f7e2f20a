using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Fetching;
using PolicyWatch.Parsing.Article;
using PolicyWatch.Parsing.Charsets;
using PolicyWatch.Parsing.Html;
using PolicyWatch.Storage;

namespace PolicyWatch.Crawling;

/// <summary>
/// For sources with <c>"extract"</c>: fetches the pages of the source's items that have no archived
/// text yet (this fetch's new items first, then any left over) and keeps their main text. An item's
/// link is content, so it is fetched as such: http(s) only, public addresses only. Same fetcher as
/// feeds (limits, User-Agent, never two requests at once to one host across all crawls:
/// <see cref="HostGate"/>). Every page fetch is logged and recorded on its item; a page that fails
/// leaves its item stored without archived text, and never fails the source.
/// </summary>
public sealed class PageArchiver(CrawlStore store, ArchiveStore archive, Fetcher fetcher, Classifier classifier, CrawlOptions options, TimeProvider time, ILogger<PageArchiver> logger)
{
    /// <returns>How many pages were archived.</returns>
    public async Task<int> ArchiveAsync(SourceDefinition source, CancellationToken cancellationToken)
    {
        if (source.Extract is not { } extract) return 0;
        var now = time.GetUtcNow();
        var archived = 0;
        foreach (var item in await archive.PendingAsync(source.Id, now - options.ArchiveRetryAfter, options.MaxPagesPerCrawl, cancellationToken))
        {
            try
            {
                if (await ArchiveOneAsync(source, extract, item, cancellationToken)) archived++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A bug or a storage fault on one page must not cost the source or the pages after it.
                logger.LogError(e, "Archiving the page of item {ItemId} from {SourceId} failed unexpectedly", item.Id, source.Id);
                await archive.RecordFailureAsync(item.Id, $"internal error: {e.GetType().Name}: {e.Message}", ArchiveFailure.Transient, time.GetUtcNow(), cancellationToken);
            }
        }
        return archived;
    }

    private async Task<bool> ArchiveOneAsync(SourceDefinition source, PageExtraction extract, ArchiveCandidate item, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var fetch = Uri.TryCreate(item.Url, UriKind.Absolute, out var url)
            ? await fetcher.FetchAsync(new FetchRequest(url, Origin: UrlOrigin.Content), cancellationToken)
            : FetchResult.Refused(new Uri("about:blank"), $"\"{item.Url}\" is not an absolute URL");
        var (article, error) = fetch.Error is null ? Extract(fetch, extract) : (null, fetch.Error);
        var cut = false;
        if (article is not null)
        {
            var tags = classifier.Classify(new ClassifiableText(item.Title, item.SummaryText, article.Text), source);
            cut = await archive.SaveAsync(item, article.Text, article.Hash, time.GetUtcNow(), tags, cancellationToken);
        }
        else
        {
            await archive.RecordFailureAsync(item.Id, error!, IsPermanent(fetch) ? ArchiveFailure.Permanent : ArchiveFailure.Transient, time.GetUtcNow(), cancellationToken);
        }
        await LogAsync(source, item, started, clock, fetch, error, cut, cancellationToken);
        return article is not null;
    }

    private static (ExtractedArticle? Article, string? Error) Extract(FetchResult fetch, PageExtraction extract)
    {
        try
        {
            var article = ArticleExtractor.Extract(PageText.Decode(fetch.Body, fetch.ContentType), fetch.FinalUrl, extract.Selector);
            return (article, article is null ? "no main text found on the page" : null);
        }
        catch (HtmlSelectException e)
        {
            return (null, e.Message); // an invalid extract selector: the operator's to fix
        }
    }

    /// <summary>A refused link, a page that is gone or not found: asking again would get the same answer.</summary>
    private static bool IsPermanent(FetchResult fetch) =>
        fetch.Status is FetchStatus.Refused or FetchStatus.Gone || fetch.HttpStatus is 400 or 401 or 403 or 404 or 405 or 410 or 451;

    private async Task LogAsync(SourceDefinition source, ArchiveCandidate item, DateTimeOffset started, Stopwatch clock, FetchResult fetch, string? error, bool cut, CancellationToken cancellationToken)
    {
        var outcome = error is null ? FetchOutcome.Ok : fetch.Status == FetchStatus.Refused ? FetchOutcome.Refused : FetchOutcome.Failed;
        await store.LogPageFetchAsync(new FetchAttempt(source.Id, started, (long)clock.Elapsed.TotalMilliseconds, fetch.HttpStatus,
            outcome, fetch.Bytes, 0, 0, 0, error is null ? null : $"page {item.Url}: {error}")
            { Note = cut ? $"{item.Url} (its text was cut to the {Normalizing.TextLimits.Text:N0}-character limit)" : item.Url, Node = options.Node },
            cancellationToken);
        if (error is not null)
            logger.LogWarning("Archiving the page of item {ItemId} from {SourceId} failed: {Url}: {Error}", item.Id, source.Id, item.Url, error);
    }
}
