using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PolicyWatch.Tests.Support;

/// <summary>
/// A stand-in for the Internet Archive on 127.0.0.1: the availability API (<c>/wayback/available</c>), Save Page
/// Now 2 (<c>POST /save</c>) and its job status (<c>/save/status/{job}</c>), answering with the fixtures in
/// Archiving/testdata (<c>{{url}}</c>, <c>{{job}}</c> and <c>{{timestamp}}</c> filled in), or with an error status.
/// Every request is recorded, headers included, so tests can see what was asked, when and how.
/// </summary>
public sealed class ArchiveStandIn : IAsyncDisposable
{
    /// <summary>An answer: a fixture file, or a bare status (with a Retry-After for 429 and 503).</summary>
    public sealed record Reply(string? Fixture, int Status = 200, string? RetryAfter = null)
    {
        public static Reply File(string fixture) => new(fixture);
        public static Reply Error(int status, string? retryAfter = null) => new(null, status, retryAfter);
    }

    /// <summary>One request as it arrived.</summary>
    public sealed record Request(string Method, string Path, string? PageUrl, string? Timestamp, string? Authorization, string? Accept, DateTimeOffset At);

    private readonly WebApplication _app;
    private int _jobs;

    private ArchiveStandIn(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>What the availability API answers per page URL; pages not listed get <see cref="DefaultAvailability"/>.</summary>
    public ConcurrentDictionary<string, Reply> Availability { get; } = new();

    public Reply DefaultAvailability { get; set; } = Reply.File("available-none.json");

    /// <summary>What <c>POST /save</c> answers per page URL; by default the job is accepted.</summary>
    public ConcurrentDictionary<string, Reply> Saves { get; } = new();

    /// <summary>
    /// The status answers of a page's job, one per poll, the last repeated; by default pending once, then success.
    /// </summary>
    public ConcurrentDictionary<string, IReadOnlyList<Reply>> JobStatuses { get; } = new();

    public IReadOnlyList<Reply> DefaultJobStatuses { get; set; } = [Reply.File("save-status-pending.json"), Reply.File("save-status-success.json")];

    public ConcurrentQueue<Request> Requests { get; } = new();

    private readonly ConcurrentDictionary<string, (string Page, int Polls)> _jobPages = new();

    public IEnumerable<Request> Lookups => Requests.Where(r => r.Path == "/wayback/available");

    public IEnumerable<Request> SaveRequests => Requests.Where(r => r.Method == "POST" && r.Path == "/save");

    public IEnumerable<Request> Polls => Requests.Where(r => r.Path.StartsWith("/save/status/", StringComparison.Ordinal));

    public static async Task<ArchiveStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var standIn = new ArchiveStandIn(builder.Build());
        standIn.MapRoutes();
        await standIn._app.StartAsync();
        standIn.BaseUrl = new Uri(standIn._app.Urls.First() + "/");
        return standIn;
    }

    /// <summary>The settings that point PolicyWatch at this stand-in, as command-line options for the real host.</summary>
    public string[] HostArgs() => [$"--Archive:Url={BaseUrl}", $"--Archive:AvailabilityUrl={BaseUrl}"];

    private void MapRoutes()
    {
        _app.MapGet("/wayback/available", (HttpContext context) =>
        {
            var page = context.Request.Query["url"].ToString();
            var timestamp = context.Request.Query["timestamp"].ToString();
            Record(context, page, timestamp);
            return Answer(context, Availability.GetValueOrDefault(page, DefaultAvailability), page, null, timestamp);
        });
        _app.MapPost("/save", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var page = form["url"].ToString();
            Record(context, page, null);
            var reply = Saves.GetValueOrDefault(page, Reply.File("save-accepted.json"));
            var job = $"spn2-{Interlocked.Increment(ref _jobs):x8}";
            if (reply.Fixture == "save-accepted.json") _jobPages[job] = (page, 0);
            return Answer(context, reply, page, job, null);
        });
        _app.MapGet("/save/status/{job}", (string job, HttpContext context) =>
        {
            Record(context, null, null);
            if (!_jobPages.TryGetValue(job, out var entry)) return Results.NotFound();
            _jobPages[job] = entry with { Polls = entry.Polls + 1 };
            var statuses = JobStatuses.GetValueOrDefault(entry.Page, DefaultJobStatuses);
            return Answer(context, statuses[Math.Min(entry.Polls, statuses.Count - 1)], entry.Page, job, null);
        });
    }

    private void Record(HttpContext context, string? page, string? timestamp)
    {
        var headers = context.Request.Headers;
        Requests.Enqueue(new Request(context.Request.Method, context.Request.Path.Value ?? "", page, timestamp,
            headers.TryGetValue("Authorization", out var authorization) ? authorization.ToString() : null,
            headers.Accept.ToString(), DateTimeOffset.UtcNow));
    }

    private static IResult Answer(HttpContext context, Reply reply, string page, string? job, string? timestamp)
    {
        if (reply.RetryAfter is not null) context.Response.Headers.RetryAfter = reply.RetryAfter;
        if (reply.Fixture is null) return Results.StatusCode(reply.Status);
        var text = File.ReadAllText(TestPaths.TestData("Archiving", "testdata", reply.Fixture))
            .Replace("{{url}}", JsonEncodedText.Encode(page).ToString())
            .Replace("{{job}}", job ?? "")
            .Replace("{{timestamp}}", timestamp ?? "");
        return Results.Text(text, "application/json", statusCode: reply.Status);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
