using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PolicyWatch.Tests.Support.History;

public sealed class ArchivedFeedOptions : HistorySiteOptions
{
    /// <summary>Every entry the feed ever published, in any order.</summary>
    public IReadOnlyList<GeneratedItem> Items { get; init; } = GeneratedItems.Daily(100, new DateOnly(2019, 6, 1));

    /// <summary>Entries in the subscription document and in each archive document.</summary>
    public int EntriesPerDocument { get; init; } = 10;

    /// <summary>Atom (<c>/feed.atom</c>) or RSS 2.0 with <c>atom:link</c> relations (<c>/feed.rss</c>).</summary>
    public FeedFormat Format { get; init; } = FeedFormat.Atom;

    /// <summary>The oldest archive's prev-archive points back to the newest archive (to itself when there is one): a walker must notice.</summary>
    public bool Cycle { get; init; }

    /// <summary>Links written as <c>/archive/3.atom</c> rather than absolute URLs, so the walker must resolve them.</summary>
    public bool RelativeLinks { get; init; }
}

/// <summary>
/// An RFC 5005 archived feed. Archive 1 holds the oldest <c>EntriesPerDocument</c> entries, archive 2
/// the next ones, and so on; archives are full and never change. The chunk holding the newest entry
/// is not archived yet, so the subscription document (the newest <c>EntriesPerDocument</c> entries)
/// may overlap the newest archive, as a live feed does between two archivings.
/// </summary>
public sealed class ArchivedFeedSite : HistorySite
{
    private readonly ArchivedFeedOptions _options;
    private readonly string _extension;

    internal ArchivedFeedSite(ArchivedFeedOptions options) : base(options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EntriesPerDocument, 1);
        _options = options;
        _extension = options.Format == FeedFormat.Atom ? ".atom" : ".rss";
        Items = options.Items.OrderBy(i => i.Published).ThenBy(i => i.Id).ToArray();
        ArchiveCount = Math.Max(0, (Items.Count + options.EntriesPerDocument - 1) / options.EntriesPerDocument - 1);
        App.MapGet(FeedPath, ServeSubscription);
        App.MapGet("/archive/{number:int}" + _extension, ServeArchive);
    }

    /// <summary>Every entry, oldest first: the ground truth.</summary>
    public IReadOnlyList<GeneratedItem> Items { get; }

    /// <summary>How many archive documents there are (numbered 1, the oldest, to this).</summary>
    public int ArchiveCount { get; }

    /// <summary><c>/feed.atom</c> or <c>/feed.rss</c>.</summary>
    public string FeedPath => "/feed" + _extension;

    public Uri FeedUrl => Url(FeedPath);

    public string ArchivePath(int number) => $"/archive/{number}{_extension}";

    public Uri ArchiveUrl(int number) => Url(ArchivePath(number));

    /// <summary>The newest entries, as the subscription document lists them (newest first).</summary>
    public IReadOnlyList<GeneratedItem> SubscriptionItems => Items.TakeLast(_options.EntriesPerDocument).Reverse().ToArray();

    /// <summary>Archive <paramref name="number"/>'s entries, newest first.</summary>
    public IReadOnlyList<GeneratedItem> ArchiveItems(int number) =>
        Items.Skip((number - 1) * _options.EntriesPerDocument).Take(_options.EntriesPerDocument).Reverse().ToArray();

    private IResult ServeSubscription(HttpContext context)
    {
        var head = Link(context, "self", FeedPath);
        if (ArchiveCount > 0) head += Link(context, "prev-archive", ArchivePath(ArchiveCount));
        return Document(context, "Subscription", SubscriptionItems, head);
    }

    private IResult ServeArchive(int number, HttpContext context)
    {
        if (number < 1 || number > ArchiveCount) return Results.NotFound();
        var head = "<fh:archive/>" + Link(context, "self", ArchivePath(number)) + Link(context, "current", FeedPath);
        if (number > 1) head += Link(context, "prev-archive", ArchivePath(number - 1));
        else if (_options.Cycle) head += Link(context, "prev-archive", ArchivePath(ArchiveCount));
        // The newest archive has no next archive: what comes after it is the subscription document (its "current").
        if (number < ArchiveCount) head += Link(context, "next-archive", ArchivePath(number + 1));
        return Document(context, $"Archive {number}", ArchiveItems(number), head);
    }

    private string Link(HttpContext context, string rel, string path) =>
        HistoryFeedWriter.Link(_options.Format, rel, _options.RelativeLinks ? path : Origin(context) + path);

    private IResult Document(HttpContext context, string title, IEnumerable<GeneratedItem> items, string head) =>
        Results.Content(HistoryFeedWriter.Write(_options.Format, $"Archived feed: {title}", Origin(context) + "/", items, head),
            _options.Format == FeedFormat.Atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8");
}
