using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Storage;

namespace PolicyWatch.Crawling;

/// <summary>What a retag pass changed: tags added and removed, per tag ("dossier:eu-csam-regulation").</summary>
public sealed record RetagReport(long Items, long Changed, IReadOnlyDictionary<string, (int Added, int Removed)> ByTag);

/// <summary>
/// Re-applies the current rules of feeds.json to every stored item, a batch per transaction.
/// Items that no longer match stay stored and simply lose the tag. It sits beside crawling, not inside
/// classification: like a crawl, it classifies and has Storage write, and classification knows nothing of storage.
/// </summary>
public sealed class Retagger(RetagStore store, Classifier classifier, PolicyCatalog catalog)
{
    public const int BatchSize = 1000;

    /// <param name="progress">Told the number of items done after each batch, and the total.</param>
    public async Task<RetagReport> RunAsync(Action<long, long>? progress, CancellationToken cancellationToken)
    {
        var total = await store.CountAsync(cancellationToken);
        var byTag = new Dictionary<string, (int Added, int Removed)>();
        long done = 0, changed = 0, afterId = 0;
        while (true)
        {
            var batch = await store.RetagBatchAsync(afterId, BatchSize, item =>
            {
                var tags = Classify(item);
                var now = Keys(tags);
                if (now.SetEquals(item.CurrentTags) && item.CurrentWhy.SetEquals(tags.Why.Select(w => $"{w.Tag}|{w.Phrase}|{w.Field}"))) return null;
                Count(byTag, now, item.CurrentTags);
                changed++;
                return tags;
            }, cancellationToken);
            if (batch.Count == 0) break;
            done += batch.Count;
            afterId = batch[^1].Id;
            progress?.Invoke(done, total);
        }
        return new RetagReport(done, changed, byTag);
    }

    private Classification Classify(StoredItemText item)
    {
        var text = new ClassifiableText(item.Title, item.SummaryText, item.Text);
        return catalog.FindSource(item.SourceId) is { } source
            ? classifier.Classify(text, source)
            // A source since removed from feeds.json: whether it was kept whole is no longer known,
            // and it was kept in the database for its items; its stored jurisdiction stays their fallback.
            : classifier.Classify(text, item.SourceJurisdiction);
    }

    private static HashSet<string> Keys(Classification tags) =>
    [
        .. tags.Jurisdictions.Select(j => $"jurisdiction:{j}"),
        .. tags.Dossiers.Select(d => $"dossier:{d}"),
        .. tags.Topics.Select(t => $"topic:{t}"),
    ];

    private static void Count(Dictionary<string, (int Added, int Removed)> byTag, HashSet<string> now, HashSet<string> before)
    {
        foreach (var tag in now.Except(before))
            byTag[tag] = byTag.GetValueOrDefault(tag) is var c ? (c.Added + 1, c.Removed) : default;
        foreach (var tag in before.Except(now))
            byTag[tag] = byTag.GetValueOrDefault(tag) is var c ? (c.Added, c.Removed + 1) : default;
    }
}
