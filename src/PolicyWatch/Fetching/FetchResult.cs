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
    /// <summary>Not fetched on purpose: a link found in content that is not http(s) or reaches a private address.</summary>
    Refused,
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
    /// <summary>Bytes received: the body's length, or for a read of several documents (a parliament's API) all of theirs.</summary>
    public long Bytes { get; init; } = Body.Length;

    /// <summary>The response's Link header (RFC 8288), e.g. WordPress's <c>&lt;…/wp-json/&gt;; rel="https://api.w.org/"</c>.</summary>
    public string? Link { get; init; }

    public static FetchResult Failure(Uri url, string error, int? httpStatus = null, TimeSpan? retryAfter = null) =>
        new(FetchStatus.Failed, httpStatus, [], null, url, null, null, retryAfter, null, error);

    public static FetchResult Refused(Uri url, string error, int? httpStatus = null) =>
        new(FetchStatus.Refused, httpStatus, [], null, url, null, null, null, null, error);
}

/// <summary>Where a URL to fetch came from, which decides what it may reach.</summary>
public enum UrlOrigin
{
    /// <summary>Found in fetched content (an item's link, a row link, an archive link): http(s) to public addresses only.</summary>
    Content,
    /// <summary>Written by the operator (feeds.json, the command line): trusted, file: and intranet hosts included.</summary>
    Operator,
}

/// <summary>
/// One URL to fetch, with the validators of the previous successful fetch for a conditional GET.
/// A URL is content unless the caller says the operator wrote it.
/// </summary>
public sealed record FetchRequest(Uri Url, string? ETag = null, string? LastModified = null, UrlOrigin Origin = UrlOrigin.Content)
{
    /// <summary>A source's own URL from feeds.json.</summary>
    public static FetchRequest ForOperator(Uri url, string? etag = null, string? lastModified = null) =>
        new(url, etag, lastModified, UrlOrigin.Operator);
}

/// <summary>
/// A request to a service at an address from the settings (an API, trusted like feeds.json): a GET, or a
/// POST of <see cref="Form"/> when it is set. <see cref="Authorization"/> is a credential: it is sent, and
/// never printed (this record's text leaves it out).
/// </summary>
public sealed record ServiceRequest(Uri Url)
{
    /// <summary>Fields of an application/x-www-form-urlencoded body; null for a GET.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Form { get; init; }

    public string Accept { get; init; } = "application/json";

    /// <summary>The Authorization header's value, e.g. <c>LOW key:secret</c>; null sends none.</summary>
    public string? Authorization { get; init; }

    public override string ToString() => $"{(Form is null ? "GET" : "POST")} {Url}";
}
