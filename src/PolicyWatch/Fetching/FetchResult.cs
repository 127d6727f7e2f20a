namespace PolicyWatch.Fetching;

public enum FetchStatus
{
    /// <summary>A body came back.</summary>
    Ok,
    /// <summary>304: nothing changed since the validators we sent.</summary>
    NotModified,
    /// <summary>410: the source is gone for good.</summary>
    Gone,
    /// <summary>Anything else: the error says what.</summary>
    Failed,
}

/// <summary>What one request to a source brought back. Failures are data, never exceptions.</summary>
public sealed record FetchResult(
    FetchStatus Status,
    int? HttpStatus,
    byte[] Body,
    string? ContentType,
    Uri FinalUrl,
    string? ETag,
    string? LastModified,
    TimeSpan? RetryAfter,
    TimeSpan? MaxAge,
    string? Error)
{
    public long Bytes => Body.Length;

    public static FetchResult Failure(Uri url, string error, int? httpStatus = null, TimeSpan? retryAfter = null) =>
        new(FetchStatus.Failed, httpStatus, [], null, url, null, null, retryAfter, null, error);
}

/// <summary>The validators of the previous successful fetch, for a conditional GET.</summary>
public sealed record FetchRequest(Uri Url, string? ETag = null, string? LastModified = null);
