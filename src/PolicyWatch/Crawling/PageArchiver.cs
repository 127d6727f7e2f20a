using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Fetching;
using PolicyWatch.Parsing.Html;
using PolicyWatch.Storage;

namespace PolicyWatch.Crawling;

/// <summary>
/// For sources with <c>"extract"</c>: fetches each new item's page with the same fetcher (limits,
/// User-Agent, one request at a time within the source's crawl, and never two at once to one host
/// across all crawls: <see cref="HostGate"/>) and keeps its main text. Every
/// page fetch is logged; a page that fails leaves its item stored without archived text.
/// </summary>
public sealed class PageArchiver(Database database, ArchiveStore archive, Fetcher fetcher, Classifier classifier, TimeProvider time, ILogger<PageArchiver> logger)
{
    /// <returns>How many pages were archived.</returns>
    public async Task<int> ArchiveAsync(SourceDefinition source, IReadOnlyList<long> newItemIds, CancellationToken cancellationToken)
    {
        if (source.Extract is not { } extract) return 0;
        var archived = 0;
        foreach (var item in await archive.CandidatesAsync(newItemIds, cancellationToken))
            if (await ArchiveOneAsync(source, extract, item, cancellationToken)) archived++;
        return archived;
    }

    private async Task<bool> ArchiveOneAsync(SourceDefinition source, PageExtraction extract, ArchiveCandidate item, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var fetch = await fetcher.FetchAsync(new FetchRequest(new Uri(item.Url)), cancellationToken);
        var error = fetch.Error;
        ExtractedArticle? article = null;
        if (error is null)
        {
            try
            {
                article = ArticleExtractor.Extract(PageText.Decode(fetch.Body, fetch.ContentType), fetch.FinalUrl, extract.Selector);
                error = article is null ? "no main text found on the page" : null;
            }
            catch (HtmlSelectException e)
            {
                error = e.Message; // an invalid extract selector: the operator's to fix
            }
        }
        if (article is not null)
        {
            var tags = classifier.Classify(new ClassifiableText(item.Title, item.SummaryText, article.Text), source);
            await archive.SaveAsync(item, article.Text, article.Hash, time.GetUtcNow(), tags, cancellationToken);
        }
        await LogAsync(source, item, started, clock, fetch, error, cancellationToken);
        return article is not null;
    }

    private async Task LogAsync(SourceDefinition source, ArchiveCandidate item, DateTimeOffset started, Stopwatch clock, FetchResult fetch, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await FetchLogStore.AddAsync(transaction, new FetchAttempt(source.Id, started, (long)clock.Elapsed.TotalMilliseconds, fetch.HttpStatus,
            error is null ? "page archived" : "page failed", fetch.Bytes, 0, 0, 0, error is null ? null : $"page {item.Url}: {error}") { Note = item.Url });
        await transaction.CommitAsync(cancellationToken);
        if (error is not null)
            logger.LogWarning("Archiving the page of item {ItemId} from {SourceId} failed: {Url}: {Error}", item.Id, source.Id, item.Url, error);
    }
}
