using System.Net;
using PolicyWatch.Fetching;

namespace PolicyWatch.Tests.Fetching;

/// <summary>Which resolved addresses a link found in content may reach. No network: addresses only.</summary>
public sealed class AddressPolicyTests
{
    private static readonly AddressPolicy Production = new(new FetchOptions());

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.0.10", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.254", "carrier-grade NAT")]
    [InlineData("fd00::1", "unique-local")]
    [InlineData("fc12:3456::1", "unique-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::127.0.0.1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("2002:7f00:1::", "loopback")]
    [InlineData("2001:db8::1", "documentation")]
    public void Special_addresses_are_refused_and_say_what_they_are(string address, string kind)
    {
        var refusal = Production.Refusal(IPAddress.Parse(address), 80);

        Assert.NotNull(refusal);
        Assert.Contains(kind, refusal);
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::6810:84e5")]
    [InlineData("::ffff:93.184.215.14")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.Null(Production.Refusal(IPAddress.Parse(address), 443));

    [Fact]
    public void AllowPrivateAddresses_lets_everything_through()
    {
        var open = new AddressPolicy(new FetchOptions { AllowPrivateAddresses = true });

        Assert.Null(open.Refusal(IPAddress.Parse("169.254.169.254"), 80));
        Assert.Null(open.Refusal(IPAddress.Loopback, 80));
    }

    [Fact]
    public void An_allowed_network_opens_that_network_and_no_other()
    {
        var intranet = new AddressPolicy(new FetchOptions { AllowedPrivateNetworks = ["10.1.0.0/16", "fd00:1::/32"] });

        Assert.Null(intranet.Refusal(IPAddress.Parse("10.1.200.3"), 80));
        Assert.Null(intranet.Refusal(IPAddress.Parse("::ffff:10.1.0.1"), 80));
        Assert.Null(intranet.Refusal(IPAddress.Parse("fd00:1::5"), 80));
        Assert.NotNull(intranet.Refusal(IPAddress.Parse("10.2.0.1"), 80));
        Assert.NotNull(intranet.Refusal(IPAddress.Parse("169.254.169.254"), 80));
        Assert.NotNull(intranet.Refusal(IPAddress.Loopback, 80));
    }

    [Fact]
    public void An_allowed_address_and_port_opens_that_port_only()
    {
        var one = new AddressPolicy(new FetchOptions { AllowedPrivateNetworks = ["127.0.0.1:8080", "[::1]:8443"] });

        Assert.Null(one.Refusal(IPAddress.Loopback, 8080));
        Assert.Null(one.Refusal(IPAddress.IPv6Loopback, 8443));
        Assert.NotNull(one.Refusal(IPAddress.Loopback, 8081));
        Assert.NotNull(one.Refusal(IPAddress.IPv6Loopback, 8080));
    }

    [Theory]
    [InlineData("intranet")]
    [InlineData("10.0.0.0/33")]
    [InlineData("127.0.0.1:0")]
    [InlineData("[::1]:http")]
    public void An_allowed_network_that_is_not_one_stops_start_up_naming_it(string entry)
    {
        var error = Assert.Throws<FetchOptionsException>(() => new AddressPolicy(new FetchOptions { AllowedPrivateNetworks = ["10.0.0.0/8", entry] }));

        Assert.Contains($"Fetch:AllowedPrivateNetworks[1]: \"{entry}\"", error.Message);
    }
}
