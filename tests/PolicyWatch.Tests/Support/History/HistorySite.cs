using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PolicyWatch.Tests.Support.History;

/// <summary>What every history site can be told, whatever it plays.</summary>
public class HistorySiteOptions
{
    /// <summary>A failure answered instead of the document on the Nth request; <see cref="HistorySite.Fault"/> changes it while the site runs.</summary>
    public SiteFault? Fault { get; init; }

    /// <summary>A pause before every answer, so that concurrent requests overlap and show in <see cref="HistorySite.MaxInFlight"/>.</summary>
    public TimeSpan ResponseDelay { get; init; } = TimeSpan.Zero;

    /// <summary>The clock request times are read from: the fake one the code under test waits on, when it waits on a fake one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 (its own port, so its own host for politeness) playing one
/// kind of site a history backfill walks, and recording every request it receives.
/// Start one through <see cref="HistorySites"/>.
/// </summary>
public abstract class HistorySite : IAsyncDisposable
{
    private readonly TimeProvider _clock;
    private readonly TimeSpan _delay;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _received;
    private int _inFlight;
    private int _maxInFlight;

    protected HistorySite(HistorySiteOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        App = builder.Build();
        _clock = options.Clock;
        _delay = options.ResponseDelay;
        Fault = options.Fault;
        App.Use(RecordAsync);
    }

    /// <summary>Where subclasses map their routes, in their constructor, after the recording middleware.</summary>
    protected WebApplication App { get; }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery.TrimStart('/'));

    /// <summary>The failure to answer on the Nth request; settable while the site runs (null: none).</summary>
    public SiteFault? Fault { get; set; }

    /// <summary>Every request whose answer has started, in the order they arrived.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.OrderBy(r => r.Number).ToArray();

    /// <summary>How many requests arrived, answered or not yet.</summary>
    public int RequestCount => Volatile.Read(ref _received);

    /// <summary>The most requests in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>How many requests asked for exactly this path and query (<c>/feed.xml?page=2</c>).</summary>
    public int Hits(string pathAndQuery) => _requests.Count(r => r.PathAndQuery == pathAndQuery);

    /// <summary>How many requests asked for this path, whatever their query.</summary>
    public int HitsOnPath(string path) => _requests.Count(r => r.Path == path);

    /// <summary>The time between each request's arrival and the next one's: what a politeness pause shows as.</summary>
    public IReadOnlyList<TimeSpan> GapsBetweenRequests
    {
        get
        {
            var times = _requests.Select(r => r.At).Order().ToArray();
            return times.Zip(times.Skip(1), (a, b) => b - a).ToArray();
        }
    }

    internal async Task<HistorySite> StartAsync()
    {
        await App.StartAsync();
        BaseUrl = new Uri(App.Urls.First() + "/");
        return this;
    }

    /// <summary>scheme://host:port as the client addressed the site, for the absolute links documents carry.</summary>
    protected static string Origin(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var number = Interlocked.Increment(ref _received);
        var at = _clock.GetUtcNow();
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); inFlight > max; max = Volatile.Read(ref _maxInFlight))
            if (Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) == max) break;
        // Recorded when the response starts, before the client can see any of it: a test that reads
        // Requests right after its request returns finds it there.
        var recorded = 0;
        void Record(int status)
        {
            if (Interlocked.Exchange(ref recorded, 1) == 0)
                _requests.Enqueue(new RecordedRequest(number, context.Request.Path.Value + context.Request.QueryString.Value, at, status));
        }
        context.Response.OnStarting(() =>
        {
            Record(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            if (_delay > TimeSpan.Zero) await Task.Delay(_delay, context.RequestAborted);
            if (Fault is { } fault && fault.Covers(number)) await AnswerFaultAsync(context, fault);
            else await next(context);
        }
        catch (Exception) when (!context.Response.HasStarted)
        {
            // Kestrel answers 500 for a handler that threw before starting its response: record that, then let it.
            Record(500);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Record(context.Response.StatusCode);
        }
    }

    private static Task AnswerFaultAsync(HttpContext context, SiteFault fault)
    {
        context.Response.StatusCode = fault.StatusCode;
        if (fault.RetryAfter is { } wait)
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"<!DOCTYPE html><html><body><h1>Error {fault.StatusCode}</h1></body></html>");
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
