using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Tests.Web;

/// <summary>The Host names answered when AllowedHosts is not set.</summary>
public sealed class SiteHostsTests
{
    [Theory]
    [InlineData(null, "localhost;127.0.0.1;[::1]")]
    [InlineData("", "localhost;127.0.0.1;[::1]")]
    [InlineData("not a url", "localhost;127.0.0.1;[::1]")]
    [InlineData("https://policywatch.example.org/", "policywatch.example.org;localhost;127.0.0.1;[::1]")]
    [InlineData("https://PolicyWatch.Example.org:8443/watch/", "policywatch.example.org;localhost;127.0.0.1;[::1]")]
    [InlineData("https://bücher.example/", "xn--bcher-kva.example;localhost;127.0.0.1;[::1]")]
    [InlineData("http://[2001:db8::1]:8080/", "[2001:db8::1];localhost;127.0.0.1;[::1]")]
    public void Without_allowed_hosts_the_loopback_names_and_the_base_urls_host_are_answered(string? baseUrl, string hosts) =>
        Assert.Equal(hosts, string.Join(';', SiteHosts.Defaults(baseUrl)));
}
