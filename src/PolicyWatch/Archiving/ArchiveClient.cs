using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyWatch.Fetching;

namespace PolicyWatch.Archiving;

/// <summary>How one request to the archive ended.</summary>
public enum ArchiveOutcome
{
    /// <summary>Availability: a copy exists (<see cref="ArchiveAnswer.CopyUrl"/>, <see cref="ArchiveAnswer.CapturedAt"/>).</summary>
    Found,
    /// <summary>Availability: no usable copy; <see cref="ArchiveAnswer.Error"/> may say why one was passed over.</summary>
    NotFound,
    /// <summary>Save Page Now took the page: its job is <see cref="ArchiveAnswer.JobId"/>.</summary>
    Accepted,
    /// <summary>The capture's job is still running.</summary>
    Pending,
    /// <summary>The capture's job ended with a copy (<see cref="ArchiveAnswer.CopyUrl"/>, <see cref="ArchiveAnswer.CapturedAt"/>).</summary>
    Saved,
    /// <summary>The archive answered, and said no for this page (a capture error, a refused submission).</summary>
    Refused,
    /// <summary>The request failed: unreachable, an error status, an answer that cannot be read. Not the page's fault.</summary>
    Failed,
}

/// <summary>What the archive said, read and checked: addresses in it are http(s) only, texts bounded.</summary>
public sealed record ArchiveAnswer(ArchiveOutcome Outcome)
{
    public string? CopyUrl { get; init; }
    public DateTimeOffset? CapturedAt { get; init; }
    public string? JobId { get; init; }
    public string? Error { get; init; }
    public int? HttpStatus { get; init; }

    /// <summary>How long the archive asked us to wait (429, 503).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>429: the archive's rate limit, which says nothing about the page.</summary>
    public bool RateLimited => HttpStatus == 429;
}

/// <summary>
/// The Internet Archive's three calls for archived copies: the availability API, Save Page Now 2 and its
/// job status. Requests go through the shared <see cref="Fetcher"/> (limits, timeout, User-Agent, one
/// request per host) with a pause between two requests to the same host. The archive's addresses come from
/// the settings; its answers are content: a copy's address is kept only if it is http(s), texts are bounded,
/// and a job id must look like one before it goes into a URL. Never throws for a network or answer problem.
/// </summary>
public sealed partial class ArchiveClient(Fetcher fetcher, ArchiveOptions options, TimeProvider time)
{
    private const int MaxUrlLength = 2048, MaxMessageLength = 300;

    private readonly HostPause _pause = new(time);

    /// <summary>The capture of <paramref name="page"/> closest to <paramref name="near"/>, if the archive holds one.</summary>
    public async Task<ArchiveAnswer> AvailabilityAsync(Uri page, DateTimeOffset near, CancellationToken cancellationToken)
    {
        var url = Under(options.AvailabilityUrl,
            $"wayback/available?url={Uri.EscapeDataString(page.AbsoluteUri)}&timestamp={Timestamp(near)}");
        var fetch = await SendAsync(new ServiceRequest(url), cancellationToken);
        return fetch.Status == FetchStatus.Ok ? Read(fetch, ReadAvailability) : Failure(fetch);
    }

    /// <summary>Asks Save Page Now to capture <paramref name="page"/>; with credentials in the settings, authenticated.</summary>
    public async Task<ArchiveAnswer> SaveAsync(Uri page, CancellationToken cancellationToken)
    {
        var request = new ServiceRequest(Under(options.Url, "save"))
        {
            Form = [new("url", page.AbsoluteUri)],
            Authorization = options.Authorization,
        };
        var fetch = await SendAsync(request, cancellationToken);
        return fetch.Status == FetchStatus.Ok ? Read(fetch, ReadSubmission) : Failure(fetch);
    }

    /// <summary>How the capture job <paramref name="jobId"/> stands; <paramref name="page"/> names the copy if the answer does not.</summary>
    public async Task<ArchiveAnswer> StatusAsync(string jobId, Uri page, CancellationToken cancellationToken)
    {
        if (!JobIdPattern().IsMatch(jobId)) return new ArchiveAnswer(ArchiveOutcome.Refused) { Error = "the capture's job id is not one the archive gives" };
        var request = new ServiceRequest(Under(options.Url, $"save/status/{Uri.EscapeDataString(jobId)}")) { Authorization = options.Authorization };
        var fetch = await SendAsync(request, cancellationToken);
        return fetch.Status == FetchStatus.Ok ? Read(fetch, root => ReadStatus(root, page)) : Failure(fetch);
    }

    /// <summary>A copy's address from an answer, or null when it is not one we may keep: http(s), absolute, bounded.</summary>
    /// <remarks>
    /// The availability API names captures with http:; when the address is the configured archive's own host and the
    /// setting says https, the copy is cited with https, which the archive serves the same.
    /// </remarks>
    public static string? AcceptCopyUrl(string? text, Uri archive)
    {
        if (HttpUrl(text) is not { } url) return null;
        if (url.Scheme == "http" && archive.Scheme == "https" && string.Equals(url.Host, archive.Host, StringComparison.OrdinalIgnoreCase))
            url = new UriBuilder(url) { Scheme = "https", Port = -1 }.Uri;
        return url.AbsoluteUri;
    }

    /// <summary>An absolute http(s) address without credentials in it, of bounded length; else null.</summary>
    private static Uri? HttpUrl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxUrlLength) return null;
        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0 && url.UserInfo.Length == 0
            ? url : null;
    }

    private ArchiveAnswer ReadAvailability(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("archived_snapshots", out var snapshots) || snapshots.ValueKind != JsonValueKind.Object)
            return Malformed("no \"archived_snapshots\" object");
        if (!snapshots.TryGetProperty("closest", out var closest) || closest.ValueKind != JsonValueKind.Object) return new ArchiveAnswer(ArchiveOutcome.NotFound);
        if (closest.TryGetProperty("available", out var available) && available.ValueKind == JsonValueKind.False)
            return new ArchiveAnswer(ArchiveOutcome.NotFound);
        var status = String(closest, "status");
        if (status is not null && !status.StartsWith('2'))
            return new ArchiveAnswer(ArchiveOutcome.NotFound) { Error = $"the closest capture is not a page but HTTP {Clip(status)}" };
        var copy = AcceptCopyUrl(String(closest, "url"), options.Url);
        if (copy is null) return new ArchiveAnswer(ArchiveOutcome.NotFound) { Error = "the capture's address is not an http(s) address; not kept" };
        if (ParseTimestamp(String(closest, "timestamp")) is not { } capturedAt)
            return new ArchiveAnswer(ArchiveOutcome.NotFound) { Error = "the capture's time cannot be read; not kept" };
        return new ArchiveAnswer(ArchiveOutcome.Found) { CopyUrl = copy, CapturedAt = capturedAt };
    }

    private static ArchiveAnswer ReadSubmission(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return Malformed("not a JSON object");
        if (String(root, "job_id") is { } job && JobIdPattern().IsMatch(job)) return new ArchiveAnswer(ArchiveOutcome.Accepted) { JobId = job };
        var message = String(root, "message") ?? String(root, "status_ext");
        return message is null ? Malformed("no \"job_id\"") : new ArchiveAnswer(ArchiveOutcome.Refused) { Error = $"the archive refused the capture: {Clip(message)}" };
    }

    private ArchiveAnswer ReadStatus(JsonElement root, Uri page)
    {
        if (root.ValueKind != JsonValueKind.Object) return Malformed("not a JSON object");
        switch (String(root, "status"))
        {
            case "pending":
                return new ArchiveAnswer(ArchiveOutcome.Pending);
            case "error":
                var why = string.Join(": ", new[] { String(root, "status_ext"), String(root, "message") }.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => Clip(t!)));
                return new ArchiveAnswer(ArchiveOutcome.Refused) { Error = $"the capture failed: {(why.Length > 0 ? why : "no reason given")}" };
            case "success":
                var timestamp = String(root, "timestamp");
                if (ParseTimestamp(timestamp) is not { } capturedAt) return Malformed("a finished capture without a readable \"timestamp\"");
                // The original address is content: used only if it is http(s), else the page we asked for.
                var original = HttpUrl(String(root, "original_url"))?.AbsoluteUri ?? page.AbsoluteUri;
                var copy = AcceptCopyUrl($"{options.Url.AbsoluteUri.TrimEnd('/')}/web/{timestamp}/{original}", options.Url);
                return copy is null ? Malformed("the capture's address cannot be made") : new ArchiveAnswer(ArchiveOutcome.Saved) { CopyUrl = copy, CapturedAt = capturedAt };
            default:
                return Malformed("no known \"status\"");
        }
    }

    /// <summary>One request, no sooner than <see cref="ArchiveOptions.Pause"/> after the last one to the same host.</summary>
    private Task<FetchResult> SendAsync(ServiceRequest request, CancellationToken cancellationToken) =>
        _pause.SendAsync(request.Url, options.Pause, token => fetcher.SendAsync(request, token), cancellationToken);

    private ArchiveAnswer Read(FetchResult fetch, Func<JsonElement, ArchiveAnswer> read)
    {
        try
        {
            using var document = JsonDocument.Parse(fetch.Body);
            var answer = read(document.RootElement);
            return answer with { HttpStatus = fetch.HttpStatus, Error = answer.Error is null ? null : Redact(answer.Error) };
        }
        catch (JsonException e)
        {
            return Malformed($"not JSON ({Clip(e.Message)})") with { HttpStatus = fetch.HttpStatus };
        }
    }

    private ArchiveAnswer Failure(FetchResult fetch) => new(ArchiveOutcome.Failed)
    {
        Error = Redact(fetch.Error ?? "the request failed"),
        HttpStatus = fetch.HttpStatus,
        RetryAfter = fetch.RetryAfter,
    };

    private static ArchiveAnswer Malformed(string what) => new(ArchiveOutcome.Failed) { Error = $"the archive's answer cannot be read: {what}" };

    /// <summary>A credential never reaches an error, a log line or the database, whatever a server echoes.</summary>
    private string Redact(string text)
    {
        foreach (var credential in new[] { options.Secret, options.AccessKey })
            if (!string.IsNullOrEmpty(credential)) text = text.Replace(credential, "[redacted]", StringComparison.Ordinal);
        return text;
    }

    private static Uri Under(Uri root, string relative) => new(new Uri(root.AbsoluteUri.TrimEnd('/') + "/"), relative);

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTimestamp(string? text) =>
        text is { Length: 14 } && DateTimeOffset.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One line of at most a few hundred characters: archive messages are content.</summary>
    private static string Clip(string text)
    {
        var line = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return line.Length <= MaxMessageLength ? line : line[..MaxMessageLength] + "…";
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex JobIdPattern();
}
