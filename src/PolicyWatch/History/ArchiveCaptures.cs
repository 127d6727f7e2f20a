using System.Text.Json;
using PolicyWatch.Catalog;
using PolicyWatch.Fetching;
using PolicyWatch.Storage;

namespace PolicyWatch.History;

/// <summary>
/// The Internet Archive's captures of the feed's own address: old captures hold the items of their
/// day. Walks back from the newest capture; each next capture is the earliest one taken after the
/// oldest item already read, so consecutive captures overlap and no item falls between them (when
/// the archive has no such capture, the latest one before it: a gap the archive left). The walk's
/// position is the timestamp of the last capture read, then the captures tried since that could not
/// be used (<c>20190718120000;20190710120000,20190706120000</c>): a bad capture is passed over for the
/// next best, never for the whole stretch it was meant to cover.
/// </summary>
public sealed class ArchiveCaptures(HistoryPace pace, HistoryOptions options, TimeProvider time) : IHistoryMethod
{
    public string Name => "archive";

    public HistoryMode Mode => HistoryMode.InternetArchive;

    public async Task<(string? Position, string? Reason)> StartAsync(LiveFeed live, CancellationToken cancellationToken) =>
        await CapturesAsync(live.Source, null, cancellationToken) switch
        {
            (null, var error) => (null, $"the Internet Archive's index could not be read: {error}"),
            ({ Count: 0 }, _) => (null, "the Internet Archive holds no capture of the feed"),
            _ => ("", null),
        };

    public async Task<HistoryStep> ReadAsync(SourceDefinition source, HistoryWalk walk, CancellationToken cancellationToken)
    {
        var (captures, error) = await CapturesAsync(source, walk.Since, cancellationToken);
        if (captures is null) return new HistoryStep(IndexUrl(source, walk.Since).AbsoluteUri, [], null) { Error = error };
        if (Next(captures, walk) is not { } capture) return HistoryStep.End(IndexUrl(source, walk.Since).AbsoluteUri);
        var fetch = await pace.FetchAsync(RawUrl(capture), UrlOrigin.Operator, options.ArchivePause, cancellationToken);
        var address = ViewUrl(capture).AbsoluteUri;
        if (fetch.Status == FetchStatus.Failed && fetch.HttpStatus is null or 429 or >= 500) return HistoryStep.Failed(address, fetch);
        var step = new HistoryStep(address, [], capture.Timestamp) { CapturedAt = capture.TakenAt };
        var passedOver = step with { Next = Position.Of(walk.Position).Passing(capture.Timestamp).ToString() };
        if (fetch.Error is not null) return passedOver with { Skipped = fetch.Error };
        var (feed, items, problem) = HistoryFeed.Read(source, fetch, Uri.TryCreate(capture.Original, UriKind.Absolute, out var original) ? original : source.Url);
        return feed is null ? passedOver with { Skipped = $"the capture: {problem}" } : step with { Items = items };
    }

    /// <summary>The capture to read next, or null when none older than the last one read is left.</summary>
    internal static Capture? Next(IReadOnlyList<Capture> captures, HistoryWalk walk)
    {
        var position = Position.Of(walk.Position);
        var older = captures.Where(c => (position.LastRead is null || string.CompareOrdinal(c.Timestamp, position.LastRead) < 0)
                                        && !position.PassedOver.Contains(c.Timestamp)).ToList();
        if (older.Count == 0) return null;
        if (walk.OldestAt is not { } oldest) return older[^1];
        var overlapping = older.FirstOrDefault(c => c.TakenAt >= oldest);
        return overlapping ?? older[^1];
    }

    /// <summary>The last capture read, and the captures passed over since (unusable answers).</summary>
    private sealed record Position(string? LastRead, IReadOnlyList<string> PassedOver)
    {
        public static Position Of(string? text)
        {
            if (string.IsNullOrEmpty(text)) return new(null, []);
            var parts = text.Split(';', 2);
            return new(parts[0].Length == 0 ? null : parts[0], parts.Length == 2 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : []);
        }

        public Position Passing(string timestamp) => this with { PassedOver = [.. PassedOver, timestamp] };

        public override string ToString() => PassedOver.Count == 0 ? LastRead ?? "" : $"{LastRead};{string.Join(',', PassedOver)}";
    }

    // The index is read once per walk turn per source; captures do not change within minutes.
    private readonly Dictionary<string, (DateTimeOffset At, IReadOnlyList<Capture> Captures)> _indexes = [];

    private async Task<(IReadOnlyList<Capture>? Captures, string? Error)> CapturesAsync(SourceDefinition source, DateOnly? since, CancellationToken cancellationToken)
    {
        var url = IndexUrl(source, since);
        lock (_indexes)
            if (_indexes.TryGetValue(url.AbsoluteUri, out var cached) && time.GetUtcNow() - cached.At < TimeSpan.FromMinutes(10)) return (cached.Captures, null);
        var fetch = await pace.FetchAsync(url, UrlOrigin.Operator, options.ArchivePause, cancellationToken);
        if (fetch.Error is not null) return (null, fetch.Error);
        try
        {
            var captures = CaptureIndex.Read(fetch.Body, options.MaxCaptures);
            lock (_indexes) _indexes[url.AbsoluteUri] = (time.GetUtcNow(), captures);
            return (captures, null);
        }
        catch (JsonException e)
        {
            return (null, $"not a CDX answer: {e.Message}");
        }
    }

    private Uri IndexUrl(SourceDefinition source, DateOnly? since) => new(options.ArchiveUrl,
        "cdx/search/cdx?url=" + Uri.EscapeDataString(source.Url.AbsoluteUri)
        + "&output=json&fl=timestamp,original,statuscode,digest&filter=statuscode:200&collapse=digest"
        + (since is { } s ? $"&from={s:yyyyMMdd}" : ""));

    /// <summary>The capture's bytes as captured (<c>id_</c>: without the archive's rewriting).</summary>
    private Uri RawUrl(Capture capture) => new(options.ArchiveUrl, $"web/{capture.Timestamp}id_/{capture.Original}");

    /// <summary>The capture as a reader would open it, recorded as where the items came from.</summary>
    private Uri ViewUrl(Capture capture) => new(options.ArchiveUrl, $"web/{capture.Timestamp}/{capture.Original}");
}
