using PolicyWatch.Fetching;
using PolicyWatch.Storage;

namespace PolicyWatch.Official;

/// <summary>A request of an official read failed: the fetch says how (status, Retry-After), its error says which document.</summary>
internal sealed class ApiRequestException(FetchResult fetch) : Exception(fetch.Error)
{
    public FetchResult Fetch { get; } = fetch;
}

/// <summary>
/// The requests of one official read, made one after another through the shared <see cref="Fetcher"/>
/// (so its limits, its redirect rules and the one-request-per-host gate apply). Documents that are
/// read whole are asked for conditionally with the validators they last came with; pages of a paged
/// answer are not, since each page says whether there is another. Keeps what the crawl records: the
/// bytes, the status of the last document read, the shortest max-age, and the new validators (stored with the items, so a
/// document whose items were never stored is never skipped as unchanged).
/// </summary>
internal sealed class ApiRequests(Fetcher fetcher, IReadOnlyDictionary<string, ApiValidators> known)
{
    private readonly List<ApiValidators> _validators = [];
    private long _bytes;
    private int? _readStatus;
    private TimeSpan? _maxAge;
    private bool _anyBody;

    public IReadOnlyList<ApiValidators> Validators => _validators;

    /// <summary>The document at <paramref name="url"/> as JSON; null when it was asked for conditionally and has not changed.</summary>
    /// <param name="what">Names the document in errors: "bill 3137", "procedure 2022/0155(COD)".</param>
    /// <param name="notFound">The error when the API answers 404, naming what does not exist.</param>
    /// <exception cref="ApiRequestException">The request failed.</exception>
    /// <exception cref="ApiShapeException">The answer is not JSON.</exception>
    public async Task<ApiJson?> GetAsync(Uri url, bool conditional, string what, string? notFound, CancellationToken cancellationToken)
    {
        var previous = conditional ? known.GetValueOrDefault(url.AbsoluteUri) : null;
        var fetch = await fetcher.FetchAsync(FetchRequest.ForOperator(url, previous?.ETag, previous?.LastModified), cancellationToken);
        _bytes += fetch.Bytes;
        switch (fetch.Status)
        {
            case FetchStatus.NotModified when conditional:
                return null;
            case FetchStatus.Ok:
                _anyBody = true;
                _readStatus = fetch.HttpStatus;
                if (fetch.MaxAge is { } maxAge && (_maxAge is null || maxAge < _maxAge)) _maxAge = maxAge;
                if (conditional && (fetch.ETag is not null || fetch.LastModified is not null))
                    _validators.Add(new ApiValidators(url.AbsoluteUri, fetch.ETag, fetch.LastModified));
                return ApiJson.Parse(fetch, what);
            default:
                throw new ApiRequestException(Failed(fetch, url, what, notFound));
        }
    }

    /// <summary>What the crawl records as its fetch: the first failure, or all documents unchanged, or read.</summary>
    public FetchResult Outcome(Uri url, FetchResult? failure) =>
        failure is not null
            ? failure with { Bytes = _bytes }
            : new FetchResult(_anyBody ? FetchStatus.Ok : FetchStatus.NotModified, _anyBody ? _readStatus : 304, [], "application/json", url,
                null, null, null, _maxAge, null) { Bytes = _bytes };

    /// <summary>
    /// A failed request as the source's error: it names the document (a source reads several). 410 is a
    /// failure like any other here: one document gone does not make a parliament's API gone.
    /// </summary>
    private static FetchResult Failed(FetchResult fetch, Uri url, string what, string? notFound)
    {
        var error = fetch.HttpStatus == 404 && notFound is not null
            ? $"{notFound} (HTTP 404 for {url})"
            : fetch.Status == FetchStatus.NotModified
                ? $"{what}: HTTP 304 for a request that was not conditional ({url})"
                : $"{what}: {fetch.Error ?? $"HTTP {fetch.HttpStatus}"} ({url})";
        return FetchResult.Failure(url, error, fetch.HttpStatus, fetch.RetryAfter) with { Bytes = fetch.Bytes };
    }
}
