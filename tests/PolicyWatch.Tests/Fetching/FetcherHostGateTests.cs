using PolicyWatch.Fetching;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Fetching;

/// <summary>The fetcher holds its host's turn until the body is read, not just until the headers arrive.</summary>
public sealed class FetcherHostGateTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_request_to_a_host_waits_while_another_is_still_reading_its_body()
    {
        _server.Documents["quick.xml"] = Feeds.Rss("Quick", [Feeds.Item("q", "Quick")]);
        // Long enough for the quick request to finish on a loaded machine once its turn comes.
        var options = new FetchOptions { Timeout = TimeSpan.FromSeconds(3) };
        using var fetcher = new Fetcher(options, new HostGate());

        var endless = fetcher.FetchAsync(FetchRequest.ForOperator(_server.Url("slow")), CancellationToken.None);
        await Task.Delay(200); // the headers of /slow are in; its body never ends
        var quick = fetcher.FetchAsync(FetchRequest.ForOperator(_server.Url("doc/quick.xml")), CancellationToken.None);
        var first = await Task.WhenAny(endless, quick);

        Assert.Same(endless, first);
        Assert.Contains("timed out", (await endless).Error);
        Assert.Equal(FetchStatus.Ok, (await quick).Status);
    }
}
