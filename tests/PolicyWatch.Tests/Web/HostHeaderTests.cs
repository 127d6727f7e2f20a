using System.Net;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Syndication;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// Feeds, permalinks and exports are cached publicly, so the request's Host header must never end up
/// in them: a host the site was not configured for is refused, and with Feeds:BaseUrl set every
/// absolute link is built from it whatever the request says.
/// </summary>
public sealed class HostHeaderTests
{
    private const string Foreign = "evil.example";

    /// <summary>Everything that writes an absolute address of ours.</summary>
    private static readonly string[] AbsoluteLinks =
        ["/feeds/timeline.atom", "/feeds/j/eu.rss", "/feeds/digest/weekly/j/eu.json", "/feeds.opml", "/export.csv", "/items/1"];

    private static async Task<RunningHost> StartAsync(params string[] settings)
    {
        // Port 9 on loopback and no scheduler: the one stored item is the data.
        var host = await RunningHost.StartAsync(TestCatalog.Json(new TestCatalog.Source("eu-news", new Uri("http://127.0.0.1:9/feed"))),
            ["--Crawl:Enabled=false", .. settings]);
        await StoredItems.InsertAsync(TestDatabases.Open(Path.Combine(host.Folder, "data", "pw.db")),
            new StoredItems.Row("one", "Council debates chat control", DateTimeOffset.UtcNow.AddDays(-8)) { Dossiers = ["eu-csam-regulation"] });
        return host;
    }

    private static Task<HttpResponseMessage> GetAsync(RunningHost host, string url, string hostHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = hostHeader;
        return host.Client.SendAsync(request);
    }

    /// <summary>Sends a request as written, for Host headers HttpClient will not send (none, a port out of range).</summary>
    private static async Task<string?> StatusLineAsync(RunningHost host, string request)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(host.Client.BaseAddress!.Host, host.Client.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream);
        return await reader.ReadLineAsync();
    }

    [Fact]
    public async Task By_default_a_foreign_host_is_refused_and_never_reflected()
    {
        await using var host = await StartAsync();

        foreach (var url in AbsoluteLinks)
        {
            var response = await GetAsync(host, url, Foreign);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain(Foreign, await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:5000")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("[::1]:5000")]
    public async Task By_default_the_loopback_names_are_answered(string hostHeader)
    {
        await using var host = await StartAsync();

        var response = await GetAsync(host, "/feeds/timeline.atom", hostHeader);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"http://{hostHeader}/feeds/timeline.atom", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_a_base_url_its_host_and_loopback_are_answered_and_links_come_from_it()
    {
        await using var host = await StartAsync("--Feeds:BaseUrl=https://policywatch.example.org/");

        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(host, "/feeds/timeline.atom", Foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/", "localhost:5000")).StatusCode);
        foreach (var url in AbsoluteLinks)
        {
            var response = await GetAsync(host, url, "policywatch.example.org");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("https://policywatch.example.org/", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Allowed_hosts_set_explicitly_win_and_a_base_url_still_keeps_the_host_out_of_links()
    {
        await using var host = await StartAsync("--AllowedHosts=*", "--Feeds:BaseUrl=https://policywatch.example.org/");

        foreach (var url in AbsoluteLinks)
        {
            var response = await GetAsync(host, url, Foreign);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Foreign, body);
            Assert.Contains("https://policywatch.example.org/", body);
        }
    }

    [Theory]
    [InlineData("localhost:99999")]
    [InlineData("[::1]:70000")]
    public async Task An_allowed_name_with_a_port_that_is_no_port_is_refused(string hostHeader)
    {
        await using var host = await StartAsync();

        foreach (var url in AbsoluteLinks)
            Assert.StartsWith("HTTP/1.1 400 ", await StatusLineAsync(host, $"GET {url} HTTP/1.1\r\nHost: {hostHeader}\r\nConnection: close\r\n\r\n"));
    }

    [Theory]
    [InlineData()]
    [InlineData("--AllowedHosts=*")]
    [InlineData("--Feeds:BaseUrl=https://policywatch.example.org/")]
    public async Task A_request_without_a_host_is_refused(params string[] settings)
    {
        await using var host = await StartAsync(settings);

        // HTTP/1.0 may leave out Host.
        Assert.StartsWith("HTTP/1.1 400 ", await StatusLineAsync(host, "GET /feeds/timeline.atom HTTP/1.0\r\n\r\n"));
    }

    [Fact]
    public async Task Allowed_hosts_set_explicitly_are_the_only_ones_answered()
    {
        await using var host = await StartAsync("--AllowedHosts=news.example");

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/healthz", "news.example")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(host, "/healthz", "localhost")).StatusCode);
    }
}
