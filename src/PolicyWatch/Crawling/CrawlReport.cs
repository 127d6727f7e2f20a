using PolicyWatch.Storage;

namespace PolicyWatch.Crawling;

/// <summary>What crawling one source did: the line the CLI prints and the log writes.</summary>
public sealed record CrawlReport(
    string SourceId,
    FetchOutcome Outcome,
    int? HttpStatus,
    TimeSpan Duration,
    int New,
    int Updated,
    int Skipped,
    string? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>Worth knowing about a success, e.g. that the feed was malformed and read leniently.</summary>
    public string? Note { get; init; }

    /// <summary>How many new items' pages were fetched and archived (sources with "extract").</summary>
    public int Archived { get; init; }
}
