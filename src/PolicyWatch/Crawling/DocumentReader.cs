using PolicyWatch.Catalog;
using PolicyWatch.Fetching;
using PolicyWatch.Normalizing;
using PolicyWatch.Parsing;

namespace PolicyWatch.Crawling;

/// <summary>What a fetched document yielded: items, or the reason there are none.</summary>
public sealed record DocumentRead(IReadOnlyList<NormalizedItem> Items, string? Error, string? Note)
{
    public static DocumentRead Failed(string error) => new([], error, null);
}

/// <summary>Reads a fetched document the way its source's type says, and normalizes what it finds.</summary>
public static class DocumentReader
{
    public static DocumentRead Read(SourceDefinition source, FetchResult fetch) => source.Type switch
    {
        SourceType.Html => DocumentRead.Failed("html sources are read by the html list reader"),
        _ => ReadFeed(source, fetch),
    };

    /// <summary>
    /// A malformed feed read leniently still counts when it yielded entries (with a note saying so);
    /// one that yielded nothing is a failure with the parser's reason.
    /// </summary>
    private static DocumentRead ReadFeed(SourceDefinition source, FetchResult fetch)
    {
        ParsedFeed feed;
        try
        {
            feed = FeedParser.Parse(fetch.Body, fetch.ContentType, fetch.FinalUrl);
        }
        catch (FeedParseException e)
        {
            return DocumentRead.Failed($"cannot read the feed: {e.Message}");
        }
        if (feed.Bozo && feed.Entries.Count == 0)
            return DocumentRead.Failed($"cannot read the feed: {feed.BozoReason}");
        var items = feed.Entries.Select(entry => Normalizer.Normalize(entry, source, fetch.FinalUrl)).ToList();
        return new DocumentRead(items, null, feed.Bozo ? $"malformed feed, read leniently: {feed.BozoReason}" : null);
    }
}
