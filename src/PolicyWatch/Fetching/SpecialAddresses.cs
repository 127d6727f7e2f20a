using System.Net;
using System.Net.Sockets;

namespace PolicyWatch.Fetching;

/// <summary>
/// The address blocks that are not the public internet (IANA special-purpose registries, RFC 6890
/// and successors): loopback, private, link-local, CGNAT, unique-local, unspecified, multicast,
/// documentation and reserved ranges. IPv6 forms that carry an IPv4 address (mapped, compatible,
/// NAT64, 6to4) are judged by the IPv4 address inside them.
/// </summary>
internal static class SpecialAddresses
{
    private sealed record Block(byte[] Prefix, int Length, string Kind);

    private static Block V4(string cidr, string kind) => Parse(cidr, kind);

    private static Block V6(string cidr, string kind) => Parse(cidr, kind);

    private static Block Parse(string cidr, string kind)
    {
        var slash = cidr.IndexOf('/');
        return new Block(IPAddress.Parse(cidr[..slash]).GetAddressBytes(), int.Parse(cidr[(slash + 1)..]), kind);
    }

    private static readonly Block[] V4Blocks =
    [
        V4("0.0.0.0/8", "an unspecified (\"this network\") address"),
        V4("10.0.0.0/8", "a private address (RFC 1918)"),
        V4("100.64.0.0/10", "a carrier-grade NAT address (RFC 6598)"),
        V4("127.0.0.0/8", "a loopback address"),
        V4("169.254.0.0/16", "a link-local address (cloud metadata services live here)"),
        V4("172.16.0.0/12", "a private address (RFC 1918)"),
        V4("192.0.0.0/24", "an IETF protocol address (RFC 6890)"),
        V4("192.0.2.0/24", "a documentation address (RFC 5737)"),
        V4("192.88.99.0/24", "a 6to4 relay address (RFC 7526)"),
        V4("192.168.0.0/16", "a private address (RFC 1918)"),
        V4("198.18.0.0/15", "a benchmarking address (RFC 2544)"),
        V4("198.51.100.0/24", "a documentation address (RFC 5737)"),
        V4("203.0.113.0/24", "a documentation address (RFC 5737)"),
        V4("224.0.0.0/4", "a multicast address"),
        V4("240.0.0.0/4", "a reserved or broadcast address"),
    ];

    private static readonly Block[] V6Blocks =
    [
        V6("::/128", "an unspecified address"),
        V6("::1/128", "a loopback address"),
        V6("100::/64", "a discard address (RFC 6666)"),
        V6("2001::/23", "an IETF protocol address (RFC 2928; Teredo included)"),
        V6("2001:db8::/32", "a documentation address (RFC 3849)"),
        V6("fc00::/7", "a unique-local address (RFC 4193)"),
        V6("fe80::/10", "a link-local address"),
        V6("fec0::/10", "a site-local address (deprecated, RFC 3879)"),
        V6("ff00::/8", "a multicast address"),
    ];

    /// <summary>What kind of special address this is, or null for a public unicast address.</summary>
    public static string? KindOf(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedV4(address) is { } inner)
            return KindOf(inner) is { } kind ? $"{kind} (inside an IPv6 address)" : null;
        var bytes = address.GetAddressBytes();
        var blocks = address.AddressFamily == AddressFamily.InterNetwork ? V4Blocks : V6Blocks;
        foreach (var block in blocks)
            if (InPrefix(bytes, block.Prefix, block.Length)) return block.Kind;
        // Anything outside the global unicast block 2000::/3 is unassigned or special.
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && (bytes[0] & 0xE0) != 0x20) return "a reserved IPv6 address";
        return null;
    }

    /// <summary>The IPv4 address an IPv4-mapped address stands for; other addresses unchanged.</summary>
    public static IPAddress Unmapped(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>
    /// The IPv4 address inside an IPv6 address that reaches it: mapped (::ffff:a.b.c.d), compatible
    /// (::a.b.c.d, deprecated but still routed by some stacks), NAT64 (64:ff9b::/96 and the
    /// local-use 64:ff9b:1::/48) and 6to4 (2002:a.b.c.d::/16).
    /// </summary>
    private static IPAddress? EmbeddedV4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1))
            return new IPAddress(b.AsSpan(12, 4));
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
            return new IPAddress(b.AsSpan(12, 4));
        if (b[0] == 0x20 && b[1] == 0x02) return new IPAddress(b.AsSpan(2, 4));
        return null;
    }

    public static bool InPrefix(byte[] address, byte[] prefix, int length)
    {
        if (address.Length != prefix.Length) return false;
        var whole = length / 8;
        if (!address.AsSpan(0, whole).SequenceEqual(prefix.AsSpan(0, whole))) return false;
        var rest = length % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == (prefix[whole] & mask);
    }
}
