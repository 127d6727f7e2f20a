using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PolicyWatch.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (random port) that serves feeds the tests set, and
/// misbehaves on purpose: 304s, error statuses, a body that never ends, a huge body, a redirect loop.
/// </summary>
public sealed class FixtureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _inFlight;

    /// <summary>Documents served at /doc/{name}, settable while the server runs.</summary>
    public ConcurrentDictionary<string, string> Documents { get; } = new();

    /// <summary>How many more times /flaky/{name} answers 503 before it serves the document.</summary>
    public ConcurrentDictionary<string, int> FlakyFailures { get; } = new();

    /// <summary>How many requests each path received.</summary>
    public ConcurrentDictionary<string, int> Hits { get; } = new();

    /// <summary>The most requests that were in flight at the same time.</summary>
    public int MaxInFlight { get; private set; }

    /// <summary>Delay before answering /doc and /gen, to make concurrency observable.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>Headers of the last request per path (User-Agent, If-None-Match…).</summary>
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> LastHeaders { get; } = new();

    /// <summary>When and where each request arrived, in order.</summary>
    public ConcurrentQueue<(string Path, DateTimeOffset At)> Arrivals { get; } = new();

    /// <summary>Counts requests in flight across several servers (several hosts), when the test shares one.</summary>
    private InFlightGauge? _shared;

    private FixtureServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Url(string path) => new(BaseUrl, path);

    public static async Task<FixtureServer> StartAsync(InFlightGauge? shared = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FixtureServer(builder.Build()) { _shared = shared };
        server.MapRoutes();
        await server._app.StartAsync();
        server.BaseUrl = new Uri(server._app.Urls.First() + "/");
        return server;
    }

    private void MapRoutes()
    {
        _app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            Arrivals.Enqueue((path, DateTimeOffset.UtcNow));
            Hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            LastHeaders[path] = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var now = Interlocked.Increment(ref _inFlight);
            lock (this) MaxInFlight = Math.Max(MaxInFlight, now);
            _shared?.Enter();
            try { await next(); }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _shared?.Exit();
            }
        });
        _app.MapGet("/doc/{name}", ServeDocumentAsync);
        _app.MapGet("/gen/{name}", ServeGeneratedAsync);
        _app.MapGet("/etag/{name}", ServeWithETag);
        _app.MapGet("/status/{code:int}", (int code, HttpContext context) =>
        {
            if (code == 429) context.Response.Headers.RetryAfter = "7200";
            return Results.StatusCode(code);
        });
        _app.MapGet("/gzip/{name}", ServeCompressedAsync);
        _app.MapGet("/lastmod/{name}", ServeWithLastModified);
        _app.MapGet("/cached/{name}", (string name, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=7200";
            return Documents.TryGetValue(name, out var body) ? Results.Content(body, "application/rss+xml") : Results.NotFound();
        });
        _app.MapGet("/busy-until", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddHours(3).ToString("r");
            return Results.StatusCode(503);
        });
        _app.MapGet("/slow", ServeNeverEndingAsync);
        _app.MapGet("/huge", ServeHugeAsync);
        _app.MapGet("/loop", () => Results.Redirect("/loop"));
        // Wherever the test says, file: and loopback included: a hostile server's redirect.
        _app.MapGet("/redirect", (HttpContext context) =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = context.Request.Query["to"].ToString();
        });
        _app.MapGet("/flaky/{name}", (string name) =>
            FlakyFailures.TryGetValue(name, out var left) && left > 0 && FlakyFailures.TryUpdate(name, left - 1, left)
                ? Results.StatusCode(503)
                : Documents.TryGetValue(name, out var body) ? Results.Content(body, "text/html; charset=utf-8") : Results.NotFound());
        _app.MapGet("/html", () => Results.Content("<!DOCTYPE html><html><head><title>Home</title></head><body><p>No feed here.</p></body></html>", "text/html"));
        _app.MapGet("/empty", () => Results.Content("", "application/rss+xml"));
    }

    private async Task<IResult> ServeDocumentAsync(string name)
    {
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        return Documents.TryGetValue(name, out var body)
            ? Results.Content(body, name.EndsWith(".json") ? "application/feed+json" : "application/xml; charset=utf-8")
            : Results.NotFound();
    }

    /// <summary>/gen/{name}?items=N: an RSS feed of N items whose guids are unique to {name}.</summary>
    private async Task<IResult> ServeGeneratedAsync(string name, int? items)
    {
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        return Results.Content(Feeds.Rss(name, Enumerable.Range(1, items ?? 20).Select(i => Feeds.Item($"{name}-{i}",
            $"{name} item {i} about chat control", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i)))), "application/rss+xml");
    }

    private IResult ServeWithETag(string name, HttpContext context)
    {
        const string etag = "\"v1\"";
        if (context.Request.Headers.IfNoneMatch == etag) return Results.StatusCode(304);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = "Mon, 01 Jan 2024 00:00:00 GMT";
        return Documents.TryGetValue(name, out var body) ? Results.Content(body, "application/rss+xml") : Results.NotFound();
    }

    /// <summary>/lastmod/{name}: Last-Modified only (no ETag), and 304 for an If-Modified-Since not older than it.</summary>
    private IResult ServeWithLastModified(string name, HttpContext context)
    {
        var lastModified = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        if (DateTimeOffset.TryParse(context.Request.Headers.IfModifiedSince.ToString(), out var since) && since >= lastModified)
            return Results.StatusCode(304);
        context.Response.Headers.LastModified = lastModified.ToString("r");
        return Documents.TryGetValue(name, out var body) ? Results.Content(body, "application/rss+xml") : Results.NotFound();
    }

    /// <summary>/gzip/{name}: the document gzip-compressed, as servers send it to clients that accept it.</summary>
    private async Task ServeCompressedAsync(string name, HttpContext context)
    {
        if (!Documents.TryGetValue(name, out var body) || !context.Request.Headers.AcceptEncoding.ToString().Contains("gzip"))
        {
            context.Response.StatusCode = 406;
            return;
        }
        context.Response.ContentType = "application/rss+xml";
        context.Response.Headers.ContentEncoding = "gzip";
        await using var gzip = new System.IO.Compression.GZipStream(context.Response.Body, System.IO.Compression.CompressionLevel.Fastest);
        await gzip.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    private static async Task ServeNeverEndingAsync(HttpContext context)
    {
        context.Response.ContentType = "application/rss+xml";
        await context.Response.WriteAsync("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>slow</title>");
        await context.Response.Body.FlushAsync();
        await Task.Delay(Timeout.Infinite, context.RequestAborted);
    }

    private static async Task ServeHugeAsync(HttpContext context)
    {
        context.Response.ContentType = "application/rss+xml";
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
        await context.Response.WriteAsync("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>huge</title>");
        for (var sent = 0L; sent < 50L * 1024 * 1024 && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
    }

    /// <summary>A port nothing listens on: bound, then released.</summary>
    public static Uri ClosedPortUrl()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/feed.xml");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Requests in flight across several fixture servers, and the most there ever were.</summary>
public sealed class InFlightGauge
{
    private int _now;
    private int _max;

    public int Max => Volatile.Read(ref _max);

    public void Enter()
    {
        var now = Interlocked.Increment(ref _now);
        for (var max = Max; now > max && Interlocked.CompareExchange(ref _max, now, max) != max; max = Max) { }
    }

    public void Exit() => Interlocked.Decrement(ref _now);
}
