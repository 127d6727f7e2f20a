using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PolicyWatch.Tests.Support.History;

public sealed class WaybackOptions : HistorySiteOptions
{
    /// <summary>Every item the captured feed ever carried, in any order.</summary>
    public IReadOnlyList<GeneratedItem> Items { get; init; } = GeneratedItems.Daily(365, new DateOnly(2019, 6, 1));

    /// <summary>K: how many items the feed carried at any time; each capture holds the newest K published on or before its date.</summary>
    public int FeedSize { get; init; } = 10;

    /// <summary>The captured feed's format.</summary>
    public FeedFormat Format { get; init; } = FeedFormat.Rss;

    /// <summary>When the captures were taken, in any order (see <see cref="CaptureTimes"/>); at most one per second.</summary>
    public IReadOnlyList<DateTimeOffset> CapturedAt { get; init; } =
        CaptureTimes.Every(TimeSpan.FromDays(7), new DateTimeOffset(2019, 6, 8, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Captures that replay badly, by index (0 = the oldest capture).</summary>
    public IReadOnlyDictionary<int, CaptureKind> BadCaptures { get; init; } = new Dictionary<int, CaptureKind>();

    /// <summary>The feed URL the archive holds captures of (scheme, www. and a trailing slash ignored); null: whatever URL is asked.</summary>
    public string? OriginalUrl { get; init; }

    /// <summary>The feed writes the capture time in its head (lastBuildDate), so no two captures are equal and collapse=digest drops nothing.</summary>
    public bool BuildDateChangesEveryCapture { get; init; }

    /// <summary>Captures whose RSS items carry no pubDate: the capture's own time is all a reader has.</summary>
    public bool Undated { get; init; }
}

/// <summary>
/// The Internet Archive for one feed: the CDX API at <c>/cdx/search/cdx</c> (see WaybackSite.Cdx.cs) and
/// replays at <c>/web/{timestamp}{flag}/{original}</c>. With the <c>id_</c> flag a replay is the bytes as
/// captured; without it, item links are rewritten into the archive (<c>/web/{timestamp}/{link}</c>), as the
/// real archive does. A timestamp that is not a capture's redirects (302) to the nearest capture.
/// </summary>
public sealed partial class WaybackSite : HistorySite
{
    private static readonly Regex ReplayPath = new(@"^/web/(?<timestamp>\d{1,14})(?<flag>[a-z]{2}_)?/(?<original>.+)$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly WaybackOptions _options;
    private readonly DateTimeOffset[] _published;

    internal WaybackSite(WaybackOptions options) : base(options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FeedSize, 1);
        _options = options;
        Items = options.Items.OrderBy(i => i.Published).ThenBy(i => i.Id).ToArray();
        _published = Items.Select(i => i.Published).ToArray();
        Captures = options.CapturedAt.Order().Select((at, index) => Capture(index, at)).ToArray();
        if (Captures.DistinctBy(c => c.Timestamp).Count() != Captures.Count)
            throw new ArgumentException("Two captures share a timestamp (one per second at most).", nameof(options));
        App.MapGet("/cdx/search/cdx", ServeCdxAsync);
        App.MapGet("/web/{**rest}", ServeReplay);
    }

    /// <summary>Every item the feed ever carried, oldest first.</summary>
    public IReadOnlyList<GeneratedItem> Items { get; }

    /// <summary>Every capture, oldest first, as the CDX lists them before any filter or collapse.</summary>
    public IReadOnlyList<WaybackCapture> Captures { get; }

    /// <summary>The items the feed carried when <paramref name="capture"/> was taken, newest first.</summary>
    public IReadOnlyList<GeneratedItem> ItemsAt(WaybackCapture capture)
    {
        var upTo = UpperBound(capture.At);
        return Items.Skip(Math.Max(0, upTo - _options.FeedSize)).Take(Math.Min(upTo, _options.FeedSize)).Reverse().ToArray();
    }

    /// <summary>The items a replay of <paramref name="capture"/> carries whole: all for a feed, the first half (rounded down) for a truncated one, none otherwise.</summary>
    public IReadOnlyList<GeneratedItem> IntactItems(WaybackCapture capture) => capture.Kind switch
    {
        CaptureKind.Feed => ItemsAt(capture),
        CaptureKind.Truncated => ItemsAt(capture).Take(ItemsAt(capture).Count / 2).ToArray(),
        _ => [],
    };

    /// <summary>Every item some 200 capture carries whole, oldest first: what a backfill walking every capture could recover.</summary>
    public IReadOnlyList<GeneratedItem> RecoverableItems =>
        Captures.Where(c => c.StatusCode == 200).SelectMany(IntactItems).DistinctBy(i => i.Id).OrderBy(i => i.Published).ThenBy(i => i.Id).ToArray();

    /// <summary><c>/web/{timestamp}id_/{original}</c>: the capture's bytes as captured.</summary>
    public Uri ReplayUrl(WaybackCapture capture, string original) => Url($"/web/{capture.Timestamp}id_/{original}");

    private WaybackCapture Capture(int index, DateTimeOffset at)
    {
        var kind = _options.BadCaptures.GetValueOrDefault(index, CaptureKind.Feed);
        var timestamp = WaybackCapture.TimestampOf(at);
        var upTo = UpperBound(at);
        var content = $"{_options.Format}:{(upTo == 0 ? 0 : Items[upTo - 1].Id)}:{Math.Min(upTo, _options.FeedSize)}" +
                      (_options.BuildDateChangesEveryCapture ? ":" + timestamp : "");
        var feedMime = _options.Format == FeedFormat.Atom ? "application/atom+xml" : "application/rss+xml";
        return kind switch
        {
            // The archive stored the feed; replaying it fails: the CDX still lists the feed's digest.
            CaptureKind.Feed or CaptureKind.ServerError => new(index, timestamp, at, kind, 200, feedMime, WaybackCapture.DigestOf(content)),
            CaptureKind.Truncated => new(index, timestamp, at, kind, 200, feedMime, WaybackCapture.DigestOf("truncated:" + content)),
            CaptureKind.ArchiveErrorPage => new(index, timestamp, at, kind, 200, "text/html", WaybackCapture.DigestOf("error-page")),
            CaptureKind.PlainText => new(index, timestamp, at, kind, 200, "text/plain", WaybackCapture.DigestOf("plain-text")),
            _ => new(index, timestamp, at, kind, 404, "text/html", WaybackCapture.DigestOf("not-found")),
        };
    }

    /// <summary>How many items were published on or before <paramref name="at"/>.</summary>
    private int UpperBound(DateTimeOffset at)
    {
        var index = Array.BinarySearch(_published, at);
        if (index < 0) return ~index;
        while (index < _published.Length && _published[index] <= at) index++;
        return index;
    }

    private IResult ServeReplay(HttpContext context)
    {
        var match = ReplayPath.Match(context.Request.Path.Value ?? "");
        if (!match.Success) return ArchivePage(404, "The Wayback Machine has not archived that URL.");
        // Clients and proxies sometimes merge the slashes of the embedded URL; the archive accepts both.
        var original = Regex.Replace(match.Groups["original"].Value, "^(https?):/+", "$1://", RegexOptions.None, TimeSpan.FromSeconds(1)) + context.Request.QueryString;
        if (!Archives(original) || Captures.Count == 0) return ArchivePage(404, "The Wayback Machine has not archived that URL.");
        var flag = match.Groups["flag"].Value;
        var timestamp = match.Groups["timestamp"].Value;
        var capture = Captures.FirstOrDefault(c => c.Timestamp == timestamp);
        if (capture is null)
            return Results.Redirect($"/web/{Nearest(timestamp).Timestamp}{flag}/{original}");

        context.Response.Headers["Memento-Datetime"] = capture.At.ToString("r", CultureInfo.InvariantCulture);
        var feedType = capture.MimeType + "; charset=UTF-8";
        return capture.Kind switch
        {
            CaptureKind.Feed => Results.Content(FeedText(capture, original, flag == "id_" ? null : $"{Origin(context)}/web/{timestamp}/"), feedType),
            CaptureKind.Truncated => Results.Content(Truncate(FeedText(capture, original, null), ItemsAt(capture).Count / 2), feedType),
            CaptureKind.ArchiveErrorPage => ArchivePage(200, "Got an HTTP 302 response at crawl time."),
            CaptureKind.ServerError => ArchivePage(503, "The Wayback Machine is temporarily unable to serve this capture."),
            CaptureKind.PlainText => Results.Content("The feed is temporarily unavailable. Please try again later.\n", "text/plain; charset=UTF-8"),
            _ => ArchivePage(404, "Not Found"),
        };
    }

    private WaybackCapture Nearest(string timestamp)
    {
        var padded = timestamp + "20000101000000"[timestamp.Length..];
        var at = DateTimeOffset.TryParseExact(padded, "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : DateTimeOffset.UnixEpoch;
        return Captures.MinBy(c => (c.At - at).Duration())!;
    }

    private string FeedText(WaybackCapture capture, string original, string? linkPrefix)
    {
        var items = ItemsAt(capture).Select(i => linkPrefix is null ? i : i with { Link = linkPrefix + i.Link });
        var head = !_options.BuildDateChangesEveryCapture ? ""
            : _options.Format == FeedFormat.Rss ? $"<lastBuildDate>{HistoryFeedWriter.Rfc822(capture.At)}</lastBuildDate>"
            : $"<subtitle>Built {HistoryFeedWriter.Rfc3339(capture.At)}</subtitle>";
        var feed = HistoryFeedWriter.Write(_options.Format, "Generated advocacy site", original, items, head);
        return _options.Undated ? System.Text.RegularExpressions.Regex.Replace(feed, "<pubDate>[^<]*</pubDate>\n?", "") : feed;
    }

    /// <summary>Cuts the document inside the title of item number <paramref name="wholeItems"/> (0-based), or halfway when it has no such item.</summary>
    private string Truncate(string feed, int wholeItems)
    {
        var tag = _options.Format == FeedFormat.Rss ? "<item>" : "<entry>";
        var at = -1;
        for (var i = 0; i <= wholeItems; i++)
        {
            at = feed.IndexOf(tag, at + 1, StringComparison.Ordinal);
            if (at < 0) return feed[..(feed.Length / 2)];
        }
        var title = feed.IndexOf("<title>", at, StringComparison.Ordinal);
        return feed[..(title + "<title>".Length + 5)];
    }

    private static IResult ArchivePage(int status, string message) =>
        Results.Content($"<!DOCTYPE html><html><head><title>Wayback Machine</title></head><body><p>{message}</p></body></html>", "text/html; charset=UTF-8", null, status);
}
