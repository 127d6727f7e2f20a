namespace PolicyWatch.Storage;

/// <summary>How one fetch ended. Stored as a stable code (<see cref="FetchOutcomes.Code"/>), never as display text.</summary>
public enum FetchOutcome
{
    /// <summary>Fetched and read.</summary>
    Ok,
    /// <summary>Fetched and read, with something worth knowing (a malformed feed read leniently, texts cut).</summary>
    OkWithWarnings,
    /// <summary>The server said nothing changed (304).</summary>
    NotModified,
    /// <summary>The fetch or the reading failed; the source is retried with backoff.</summary>
    Failed,
    /// <summary>The server said the document is gone for good (410).</summary>
    Gone,
    /// <summary>The address was not fetched: not http(s), or not a public address.</summary>
    Refused,
}

/// <summary>What a fetch was for: the source's own document, or the page of one of its items (archived for its text).</summary>
public enum FetchTarget
{
    Source,
    Page,
}

/// <summary>The stored codes of <see cref="FetchOutcome"/> and <see cref="FetchTarget"/>, and how outcomes read to people.</summary>
public static class FetchOutcomes
{
    public static string Code(this FetchOutcome outcome) => outcome switch
    {
        FetchOutcome.Ok => "ok",
        FetchOutcome.OkWithWarnings => "warnings",
        FetchOutcome.NotModified => "not-modified",
        FetchOutcome.Failed => "failed",
        FetchOutcome.Gone => "gone",
        FetchOutcome.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>The outcome a stored code stands for; null for a code this build does not know.</summary>
    public static FetchOutcome? FromCode(string? code) => code switch
    {
        "ok" => FetchOutcome.Ok,
        "warnings" => FetchOutcome.OkWithWarnings,
        "not-modified" => FetchOutcome.NotModified,
        "failed" => FetchOutcome.Failed,
        "gone" => FetchOutcome.Gone,
        "refused" => FetchOutcome.Refused,
        _ => null,
    };

    /// <summary>As the CLI, the log and the sources page say it.</summary>
    public static string Describe(this FetchOutcome outcome) => outcome switch
    {
        FetchOutcome.OkWithWarnings => "ok, with warnings",
        _ => outcome.Code(),
    };

    public static string Code(this FetchTarget target) => target == FetchTarget.Page ? "page" : "source";
}
