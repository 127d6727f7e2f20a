using PolicyWatch.Catalog;
using PolicyWatch.Fetching;
using PolicyWatch.Normalizing;
using PolicyWatch.Parsing;
using PolicyWatch.Parsing.Charsets;
using PolicyWatch.Parsing.Html;
using PolicyWatch.Parsing.HtmlList;
using PolicyWatch.Parsing.TitleEvents;

namespace PolicyWatch.Crawling;

/// <summary>What a fetched document yielded: items, or the reason there are none.</summary>
public sealed record DocumentRead(IReadOnlyList<NormalizedItem> Items, string? Error, string? Note)
{
    public static DocumentRead Failed(string error) => new([], error, null);

    /// <summary>Nothing was read (the fetch did not bring a document).</summary>
    public static DocumentRead Nothing { get; } = new([], null, null);

    /// <summary>For a parliament's API: where the bill or procedure stands and the validators to keep, stored with the items.</summary>
    public Storage.OfficialRecord? Official { get; init; }
}

/// <summary>Reads a fetched document the way its source's type says, and normalizes what it finds.</summary>
public static class DocumentReader
{
    public static DocumentRead Read(SourceDefinition source, FetchResult fetch) => source.Type switch
    {
        SourceType.Html => ReadHtmlList(source, fetch),
        _ => ReadFeed(source, fetch),
    };

    private static DocumentRead ReadFeed(SourceDefinition source, FetchResult fetch) => ReadFeed(source, fetch, fetch.FinalUrl).Read;

    /// <summary>
    /// Reads a feed document of the source, wherever it was found (the live feed, an archive page, a
    /// capture whose links resolve against the address it captured), with the parsed feed for its links.
    /// A malformed feed read leniently still counts when it yielded entries (with a note saying so);
    /// one that yielded nothing is a failure with the parser's reason.
    /// </summary>
    /// <param name="identifiedOnlyWhenMalformed">
    /// In a broken document (a truncated capture) the last entry may be cut in half: without an id or a link
    /// of its own it would be stored under a hash of its half-title. History sets this; a live feed keeps
    /// such entries, since it is read again and again.
    /// </param>
    public static (ParsedFeed? Feed, DocumentRead Read) ReadFeed(SourceDefinition source, FetchResult fetch, Uri documentUrl, bool identifiedOnlyWhenMalformed = false)
    {
        ParsedFeed feed;
        try
        {
            feed = FeedParser.Parse(fetch.Body, fetch.ContentType, documentUrl);
        }
        catch (FeedParseException e)
        {
            return (null, DocumentRead.Failed($"cannot read the feed: {e.Message}"));
        }
        if (feed.Bozo && feed.Entries.Count == 0)
            return (null, DocumentRead.Failed($"cannot read the feed: {feed.BozoReason}"));
        var entries = feed.Bozo && identifiedOnlyWhenMalformed ? feed.Entries.Where(e => e.Id is not null || e.Link is not null) : feed.Entries;
        var skipped = new List<string>();
        var items = entries.Select(entry => WithEventDate(Normalizer.Normalize(entry, source, documentUrl), source, skipped)).ToList();
        var bozoNote = feed.Bozo ? $"malformed feed, read leniently: {feed.BozoReason}" : null;
        var skippedNote = skipped.Count == 0 ? null : skipped[0] + (skipped.Count > 1 ? $" (and {skipped.Count - 1} more titles)" : "");
        var note = string.Join("; ", new[] { bozoNote, skippedNote }.OfType<string>());
        return (feed, new DocumentRead(items, null, TextLimits.Note(items, note.Length > 0 ? note : null)));
    }

    /// <summary>For sources whose titles carry the event ("Sitting: 2nd reading - Tuesday, 19 April 2022").</summary>
    /// <param name="skipped">Gets why, for a title the pattern gave up on: the item is kept as it is, without the event date.</param>
    private static NormalizedItem WithEventDate(NormalizedItem item, SourceDefinition source, List<string> skipped)
    {
        if (source.EventDate is not { } rule) return item;
        var read = TitleEvent.Parse(item.Title, rule.Pattern, rule.DateFormats);
        if (read.Skipped is { } reason)
            skipped.Add($"event date of \"{(item.Title.Length > 80 ? item.Title[..80] + "…" : item.Title)}\" {reason}");
        if (read.Event is not { } titleEvent) return item;
        return item with
        {
            PublishedAt = titleEvent.Date ?? item.PublishedAt,
            PublishedRaw = titleEvent.Date is null ? item.PublishedRaw : item.Title,
            Stage = titleEvent.Stage ?? item.Stage,
            Category = titleEvent.Category.Length > 0 ? titleEvent.Category : item.Category,
        };
    }

    /// <summary>A page without a feed: the source's CSS selectors pick the rows; a selector problem names the selector.</summary>
    private static DocumentRead ReadHtmlList(SourceDefinition source, FetchResult fetch)
    {
        IReadOnlyList<HtmlRow> rows;
        try
        {
            rows = HtmlListReader.Read(PageText.Decode(fetch.Body, fetch.ContentType), fetch.FinalUrl, source.Select!);
        }
        catch (HtmlSelectException e)
        {
            return DocumentRead.Failed(e.Message);
        }
        var items = rows.Select(row => Normalizer.FromRow(row, source)).ToList();
        return new DocumentRead(items, null, TextLimits.Note(items));
    }
}
