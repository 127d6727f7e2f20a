using Microsoft.AspNetCore.Builder;
using PolicyWatch.Tests.Support;
using PolicyWatch.Web.Cli;
using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Tests.Web;

/// <summary>The real PolicyWatch host on Kestrel (127.0.0.1, random port) over a temporary feeds.json and database.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningHost(WebApplication app, string folder, HttpClient client)
    {
        _app = app;
        Folder = folder;
        Client = client;
    }

    public string Folder { get; }

    public HttpClient Client { get; }

    public static async Task<RunningHost> StartAsync(string feedsJson, params string[] extraArgs)
    {
        var folder = Directory.CreateTempSubdirectory("policywatch-host-").FullName;
        var feeds = Path.Combine(folder, "feeds.json");
        await File.WriteAllTextAsync(feeds, feedsJson);
        var commandLine = CommandLine.Parse(["serve", "--feeds", feeds, "--db", TestDatabases.For(Path.Combine(folder, "data", "pw.db")),
            "--urls", "http://127.0.0.1:0", "--Fetch:Timeout=00:00:02",
            // Tests never reach the real Internet Archive; those about archived copies turn it on with a stand-in.
            "--Archive:Enabled=false", .. extraArgs]);
        var app = await WebHost.BuildAsync(commandLine);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new RunningHost(app, folder, client);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; the scheduler runs on its own clock.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
            if (await condition()) return;
        Assert.Fail($"timed out waiting for {what}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* left for the OS to clean */ }
    }
}
