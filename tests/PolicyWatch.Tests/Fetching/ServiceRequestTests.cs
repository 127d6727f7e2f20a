using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PolicyWatch.Fetching;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Fetching;

/// <summary>
/// Requests to a service at an address from the settings (the archive's APIs): a form POST or a GET with the
/// caller's headers, as careful as any fetch, never following a redirect with a credential, never throwing.
/// </summary>
public sealed class ServiceRequestTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _base = null!;
    private readonly ConcurrentQueue<(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)> _seen = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            _seen.Enqueue((context.Request.Method, context.Request.Path.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), await reader.ReadToEndAsync()));
            await next();
        });
        _app.MapPost("/save", () => Results.Text("{\"job_id\":\"spn2-1\"}", "application/json"));
        _app.MapGet("/moved", (HttpContext context) =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "/elsewhere";
        });
        _app.MapGet("/elsewhere", () => "reached");
        _app.MapGet("/busy", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "120";
            return Results.StatusCode(429);
        });
        await _app.StartAsync();
        _base = new Uri(_app.Urls.First() + "/");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_form_is_posted_with_the_given_accept_and_authorization_and_the_user_agent()
    {
        using var fetcher = new Fetcher(new FetchOptions(), new HostGate());

        var result = await fetcher.SendAsync(new ServiceRequest(new Uri(_base, "save"))
        {
            Form = [new("url", "https://example.org/a page?x=1&y=2")],
            Authorization = "LOW key:secret",
        }, CancellationToken.None);

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal("{\"job_id\":\"spn2-1\"}", System.Text.Encoding.UTF8.GetString(result.Body));
        var (method, _, headers, body) = Assert.Single(_seen);
        Assert.Equal("POST", method);
        Assert.Equal("url=https%3A%2F%2Fexample.org%2Fa+page%3Fx%3D1%26y%3D2", body);
        Assert.Equal("application/x-www-form-urlencoded", headers["Content-Type"]);
        Assert.Equal("application/json", headers["Accept"]);
        Assert.Equal("LOW key:secret", headers["Authorization"]);
        Assert.StartsWith("PolicyWatch/", headers["User-Agent"]);
    }

    [Fact]
    public async Task Without_credentials_no_authorization_is_sent()
    {
        using var fetcher = new Fetcher(new FetchOptions(), new HostGate());

        await fetcher.SendAsync(new ServiceRequest(new Uri(_base, "save")) { Form = [new("url", "https://example.org/")] }, CancellationToken.None);

        Assert.False(Assert.Single(_seen).Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_redirect_is_a_failure_and_not_followed_so_a_credential_never_travels_on()
    {
        using var fetcher = new Fetcher(new FetchOptions(), new HostGate());

        var result = await fetcher.SendAsync(new ServiceRequest(new Uri(_base, "moved")) { Authorization = "LOW key:secret" }, CancellationToken.None);

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(302, result.HttpStatus);
        Assert.Contains("a redirect, not followed", result.Error);
        Assert.Equal(["/moved"], _seen.Select(s => s.Path));
    }

    [Fact]
    public async Task A_429_gives_its_retry_after_and_an_unreachable_service_is_a_failure_not_an_exception()
    {
        using var fetcher = new Fetcher(new FetchOptions(), new HostGate());

        var busy = await fetcher.SendAsync(new ServiceRequest(new Uri(_base, "busy")), CancellationToken.None);
        var down = await fetcher.SendAsync(new ServiceRequest(FixtureServer.ClosedPortUrl()), CancellationToken.None);
        var notHttp = await fetcher.SendAsync(new ServiceRequest(new Uri("file:///etc/passwd")), CancellationToken.None);

        Assert.Equal((FetchStatus.Failed, 429, TimeSpan.FromSeconds(120)), (busy.Status, busy.HttpStatus, busy.RetryAfter!.Value));
        Assert.Equal(FetchStatus.Failed, down.Status);
        Assert.StartsWith("cannot connect", down.Error);
        Assert.Equal(FetchStatus.Refused, notHttp.Status);
    }

    [Fact]
    public async Task A_service_request_waits_for_its_hosts_turn()
    {
        var gate = new HostGate();
        using var fetcher = new Fetcher(new FetchOptions(), gate);
        var turn = await gate.EnterAsync(_base, CancellationToken.None);

        var waiting = fetcher.SendAsync(new ServiceRequest(new Uri(_base, "save")) { Form = [] }, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        turn.Dispose();

        Assert.Equal(FetchStatus.Ok, (await waiting).Status);
    }

    [Fact]
    public void A_requests_text_never_shows_its_credential()
    {
        var request = new ServiceRequest(new Uri("https://web.archive.org/save")) { Authorization = "LOW key:s3cret", Form = [] };

        Assert.Equal("POST https://web.archive.org/save", request.ToString());
        Assert.DoesNotContain("s3cret", $"{request}");
    }
}
