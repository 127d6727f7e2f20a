using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyWatch.Catalog;
using PolicyWatch.Fetching;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Tests.Fetching;

/// <summary>
/// The web host's fetcher, asked for by every consumer (the crawler, the page archiver): one
/// instance and one host gate, so they take turns at a host.
/// </summary>
public sealed class FetcherRegistrationTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_consumer_of_the_web_host_fetcher_takes_turns_at_one_host()
    {
        _server.Documents["quick.xml"] = Feeds.Rss("Quick", [Feeds.Item("q", "Quick")]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Fetch:Timeout"] = "00:00:03" }).Build();
        var feedsJson = TestCatalog.Json();
        var services = new ServiceCollection().AddLogging()
            .AddPolicyWatch(configuration, CatalogLoader.Load(feedsJson, "feeds.json"), new Database(Path.Combine(Path.GetTempPath(), "unused.db")));
        await using var provider = services.BuildServiceProvider();
        var (crawling, archiving) = (provider.GetRequiredService<Fetcher>(), provider.GetRequiredService<Fetcher>());

        var endless = crawling.FetchAsync(FetchRequest.ForOperator(_server.Url("slow")), CancellationToken.None);
        await Task.Delay(200);
        var quick = archiving.FetchAsync(FetchRequest.ForOperator(_server.Url("doc/quick.xml")), CancellationToken.None);

        Assert.Same(crawling, archiving);
        Assert.Same(endless, await Task.WhenAny(endless, quick));
        Assert.Equal(FetchStatus.Ok, (await quick).Status);
    }
}
