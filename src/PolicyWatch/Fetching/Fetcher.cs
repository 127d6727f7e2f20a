using System.Net;
using System.Net.Http.Headers;

namespace PolicyWatch.Fetching;

/// <summary>
/// Fetches one URL politely and safely: conditional GET, decompression, a timeout, a body cap
/// enforced while streaming, bounded redirects. Never throws for a network or HTTP problem:
/// it returns a <see cref="FetchResult"/> that says what went wrong. Each request holds its host's
/// turn at the shared <see cref="HostGate"/> from the first header to the last byte of the body.
/// </summary>
public sealed class Fetcher(HttpClient http, FetchOptions options, HostGate hosts)
{
    /// <summary>The handler every Fetcher's HttpClient should use: decompression and a redirect cap.</summary>
    public static SocketsHttpHandler CreateHandler(FetchOptions options) => new()
    {
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = Math.Max(1, options.MaxRedirects),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = options.Timeout,
    };

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        if (request.Url.IsFile) return await FileSource.ReadAsync(request.Url, options.MaxBodyBytes, cancellationToken);
        // Waiting for the host is not part of the timeout: a busy host is not a slow one.
        // A redirect elsewhere is followed under the first host's turn (the handler follows it).
        using var turn = await hosts.EnterAsync(request.Url, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var message = BuildRequest(request);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return await ReadResponseAsync(response, request.Url, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Failure(request.Url, $"timed out after {options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return FetchResult.Failure(request.Url, Describe(e), (int?)e.StatusCode);
        }
        catch (BodyTooLargeException e)
        {
            return FetchResult.Failure(request.Url, e.Message, 200);
        }
    }

    private HttpRequestMessage BuildRequest(FetchRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, request.Url);
        message.Headers.UserAgent.ParseAdd(options.UserAgent);
        message.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
        if (request.ETag is not null) message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        if (request.LastModified is not null) message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        return message;
    }

    private async Task<FetchResult> ReadResponseAsync(HttpResponseMessage response, Uri requested, CancellationToken cancellationToken)
    {
        var finalUrl = response.RequestMessage?.RequestUri ?? requested;
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response.Headers.RetryAfter);
        switch (status)
        {
            case 304:
                return new FetchResult(FetchStatus.NotModified, 304, [], null, finalUrl, null, null, null, response.Headers.CacheControl?.MaxAge, null);
            case 410:
                return new FetchResult(FetchStatus.Gone, 410, [], null, finalUrl, null, null, null, null, "410 Gone: the source says it has been removed");
            case >= 300 and < 400:
                return FetchResult.Failure(requested, $"HTTP {status}: too many redirects (more than {options.MaxRedirects}) or a redirect without a Location", status);
            case < 200 or >= 300:
                return FetchResult.Failure(requested, $"HTTP {status} {response.ReasonPhrase}".TrimEnd(), status, retryAfter);
        }
        var body = await BodyReader.ReadCappedAsync(await response.Content.ReadAsStreamAsync(cancellationToken), options.MaxBodyBytes, cancellationToken);
        return new FetchResult(FetchStatus.Ok, status, body, response.Content.Headers.ContentType?.ToString(), finalUrl,
            response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"), null, response.Headers.CacheControl?.MaxAge, null);
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }

    private static string Describe(HttpRequestException e) =>
        e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"cannot resolve the host name ({e.Message})",
            HttpRequestError.ConnectionError => $"cannot connect ({e.InnerException?.Message ?? e.Message})",
            HttpRequestError.SecureConnectionError => $"TLS handshake failed ({e.InnerException?.Message ?? e.Message})",
            _ => e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message,
        };
}
