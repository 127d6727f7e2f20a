using System.Net;
using System.Net.Http.Headers;

namespace PolicyWatch.Fetching;

/// <summary>
/// Fetches one URL politely and safely: conditional GET, decompression, a timeout, a body cap
/// enforced while streaming, bounded redirects. Never throws for a network, HTTP or URL problem:
/// it returns a <see cref="FetchResult"/> that says what went wrong. Each request holds its host's
/// turn at the shared <see cref="HostGate"/> from the first header to the last byte of the body.
/// <para>
/// URLs found in content and the operator's own URLs go through two connection pools: content
/// may use http(s) only and reach public addresses only (<see cref="AddressPolicy"/>, checked at
/// connect time), while a source in feeds.json may be a file or live on an intranet. Separate
/// pools, so a content request never rides a connection opened for a trusted one.
/// </para>
/// </summary>
public sealed class Fetcher : IDisposable
{
    private readonly FetchOptions _options;
    private readonly HostGate _hosts;
    private readonly HttpClient _operatorClient;
    private readonly HttpClient _contentClient;
    private readonly TimeProvider _time;

    /// <exception cref="FetchOptionsException">A Fetch setting cannot be used.</exception>
    public Fetcher(FetchOptions options, HostGate hosts, TimeProvider? time = null)
    {
        _options = options;
        _hosts = hosts;
        _time = time ?? TimeProvider.System;
        _operatorClient = new HttpClient(CreateHandler(options)) { Timeout = Timeout.InfiniteTimeSpan };
        var guarded = CreateHandler(options);
        guarded.ConnectCallback = new GuardedConnector(new AddressPolicy(options)).ConnectAsync;
        // Through a proxy the connect step would see only the proxy's address, never the target's.
        guarded.UseProxy = false;
        _contentClient = new HttpClient(guarded) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Redirects are followed here, not by the handler, so each hop's scheme can be checked and named.</summary>
    private static SocketsHttpHandler CreateHandler(FetchOptions options) => new()
    {
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = options.Timeout,
    };

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        if (Refusal(request) is { } refusal) return FetchResult.Refused(request.Url, refusal);
        if (request.Url.IsFile) return await FileSource.ReadAsync(request.Url, _options.MaxBodyBytes, cancellationToken);
        // Waiting for the host is not part of the timeout: a busy host is not a slow one.
        // A redirect elsewhere is followed under the first host's turn.
        using var turn = await _hosts.EnterAsync(request.Url, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await FollowAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Failure(request.Url, $"timed out after {_options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e) when (e.InnerException is AddressRefusedException refused)
        {
            return FetchResult.Refused(request.Url, refused.Message);
        }
        catch (HttpRequestException e)
        {
            return FetchResult.Failure(request.Url, Describe(e), (int?)e.StatusCode);
        }
        catch (BodyTooLargeException e)
        {
            return FetchResult.Failure(request.Url, e.Message, 200);
        }
        catch (Exception e) when (e is IOException or UriFormatException or InvalidOperationException or NotSupportedException or FormatException)
        {
            // Whatever a hostile server or URL makes the HTTP stack throw is a failed fetch, never a failed source.
            return FetchResult.Failure(request.Url, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Why this URL is not fetched at all, or null. Content gets http(s) only; the operator may also name a file.</summary>
    private static string? Refusal(FetchRequest request)
    {
        var url = request.Url;
        if (!url.IsAbsoluteUri) return $"\"{url}\" is not an absolute URL";
        if (url.Scheme is "http" or "https") return url.Host.Length == 0 ? $"\"{url}\" has no host" : null;
        if (url.IsFile && request.Origin == UrlOrigin.Operator) return null;
        return $"refused {url.Scheme}: URL: a link found in fetched content is followed only when it is http or https";
    }

    private async Task<FetchResult> FollowAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var client = request.Origin == UrlOrigin.Operator ? _operatorClient : _contentClient;
        var url = request.Url;
        for (var hop = 0; ; hop++)
        {
            using var message = BuildRequest(request with { Url = url });
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!IsRedirect(response.StatusCode)) return await ReadResponseAsync(response, url, request.Url, cancellationToken);
            if (hop >= _options.MaxRedirects)
                return FetchResult.Failure(request.Url, $"HTTP {(int)response.StatusCode}: too many redirects (more than {_options.MaxRedirects})", (int)response.StatusCode);
            if (RedirectTarget(response, url) is not { } next)
                return FetchResult.Failure(request.Url, $"HTTP {(int)response.StatusCode}: a redirect without a usable Location", (int)response.StatusCode);
            if (next.Scheme is not ("http" or "https"))
                return FetchResult.Refused(request.Url, $"refused a redirect from {url} to a {next.Scheme}: URL: redirects are followed only to http or https", (int)response.StatusCode);
            url = next;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    /// <summary>The Location header resolved against the URL that answered; null when absent or not a URL.</summary>
    private static Uri? RedirectTarget(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.NonValidated.TryGetValues("Location", out var values)) return null;
        var location = values.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(location) || location.Length > 8192) return null;
        return Uri.TryCreate(current, location, out var next) ? next : null;
    }

    private HttpRequestMessage BuildRequest(FetchRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, request.Url);
        message.Headers.UserAgent.ParseAdd(_options.UserAgent);
        message.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
        if (request.ETag is not null) message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        if (request.LastModified is not null) message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        return message;
    }

    private async Task<FetchResult> ReadResponseAsync(HttpResponseMessage response, Uri finalUrl, Uri requested, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response.Headers.RetryAfter);
        switch (status)
        {
            case 304:
                return new FetchResult(FetchStatus.NotModified, 304, [], null, finalUrl, null, null, null, response.Headers.CacheControl?.MaxAge, null);
            case 410:
                return new FetchResult(FetchStatus.Gone, 410, [], null, finalUrl, null, null, null, null, "410 Gone: the source says it has been removed");
            case < 200 or >= 300:
                return FetchResult.Failure(requested, $"HTTP {status} {response.ReasonPhrase}".TrimEnd(), status, retryAfter);
        }
        var body = await BodyReader.ReadCappedAsync(await response.Content.ReadAsStreamAsync(cancellationToken), _options.MaxBodyBytes, cancellationToken);
        return new FetchResult(FetchStatus.Ok, status, body, response.Content.Headers.ContentType?.ToString(), finalUrl,
            response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"), null, response.Headers.CacheControl?.MaxAge, null)
        {
            Link = response.Headers.NonValidated.TryGetValues("Link", out var links) ? string.Join(", ", links).Truncate(4096) : null,
        };
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - _time.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
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

    public void Dispose()
    {
        _operatorClient.Dispose();
        _contentClient.Dispose();
    }
}

internal static class HeaderText
{
    public static string Truncate(this string value, int length) => value.Length <= length ? value : value[..length];
}
