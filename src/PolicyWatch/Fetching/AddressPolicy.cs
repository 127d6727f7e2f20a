using System.Net;
using System.Net.Sockets;

namespace PolicyWatch.Fetching;

/// <summary>
/// Which addresses a fetch of a URL found in content (an item's page, a row link, an archive link)
/// may connect to: public unicast addresses, plus what the operator explicitly allows
/// (<see cref="FetchOptions.AllowPrivateAddresses"/>, <see cref="FetchOptions.AllowedPrivateNetworks"/>).
/// Checked on the resolved address at connect time, so every spelling of an address, every
/// redirect and every DNS answer meets the same rule.
/// </summary>
public sealed class AddressPolicy
{
    private readonly bool _allowAll;
    private readonly IReadOnlyList<AllowedNetwork> _allowed;

    /// <exception cref="FetchOptionsException">An entry of <see cref="FetchOptions.AllowedPrivateNetworks"/> is not understood.</exception>
    public AddressPolicy(FetchOptions options)
    {
        _allowAll = options.AllowPrivateAddresses;
        _allowed = options.AllowedPrivateNetworks.Select((entry, i) => AllowedNetwork.Parse(entry)
            ?? throw new FetchOptionsException($"Fetch:AllowedPrivateNetworks[{i}]: \"{entry}\" is not an address, network or address:port "
                + "(for example 10.0.0.0/8, 192.168.1.20, 127.0.0.1:8080, [fd00::1]:8443)")).ToList();
    }

    /// <summary>Null when the address may be reached on that port; otherwise why not, for the fetch log.</summary>
    public string? Refusal(IPAddress address, int port)
    {
        var kind = SpecialAddresses.KindOf(address);
        if (kind is null || _allowAll) return null;
        if (_allowed.Any(network => network.Contains(address, port))) return null;
        return $"{Display(address)} is {kind}";
    }

    private static string Display(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}

/// <summary>A Fetch setting that cannot be used; start-up stops and names it.</summary>
public sealed class FetchOptionsException(string message) : Exception(message);

/// <summary>An operator's exception to the rule: a network (CIDR), one address, optionally one port of it.</summary>
internal sealed record AllowedNetwork(IPAddress Network, int PrefixLength, int? Port)
{
    public static AllowedNetwork? Parse(string? entry)
    {
        var text = entry?.Trim() ?? "";
        int? port = null;
        var portAt = PortSeparator(text);
        if (portAt > 0)
        {
            if (!int.TryParse(text[(portAt + 1)..], out var p) || p is < 1 or > 65535) return null;
            port = p;
            text = text[..portAt];
        }
        text = text.Trim('[', ']');
        var prefix = -1;
        var slash = text.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(text[(slash + 1)..], out prefix)) return null;
            text = text[..slash];
        }
        if (!IPAddress.TryParse(text, out var address)) return null;
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix == -1) prefix = bits;
        return prefix < 0 || prefix > bits ? null : new AllowedNetwork(address, prefix, port);
    }

    /// <summary>The colon before a port: after "]" for IPv6, the only colon for IPv4; none in a bare IPv6 address.</summary>
    private static int PortSeparator(string text)
    {
        if (text.StartsWith('[')) return text.IndexOf("]:", StringComparison.Ordinal) is var close and >= 0 ? close + 1 : -1;
        var colon = text.IndexOf(':');
        return colon >= 0 && colon == text.LastIndexOf(':') ? colon : -1;
    }

    public bool Contains(IPAddress address, int port)
    {
        if (Port is { } only && only != port) return false;
        var candidate = SpecialAddresses.Unmapped(address);
        if (candidate.AddressFamily != Network.AddressFamily) return false;
        return SpecialAddresses.InPrefix(candidate.GetAddressBytes(), Network.GetAddressBytes(), PrefixLength);
    }
}
