using System.Net;
using System.Net.Sockets;

namespace PolicyWatch.Fetching;

/// <summary>A connection refused because the host resolves only to addresses content may not reach.</summary>
public sealed class AddressRefusedException(string message) : Exception(message);

/// <summary>
/// The connect step of the handler that fetches URLs found in content: resolves the host itself,
/// drops every address the <see cref="AddressPolicy"/> refuses, and connects only to what is left.
/// Doing it here, on the address the socket will use, covers every spelling of a host
/// ("127.1", "2130706433", "[::ffff:127.0.0.1]"), every redirect and DNS answers that change
/// between a check and the connect (rebinding): there is no second lookup to fool.
/// </summary>
internal sealed class GuardedConnector(AddressPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        // "127.0.0.1." is an address to some resolvers and a name to others: judge it as the address.
        var addresses = IPAddress.TryParse(host.TrimEnd('.'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var refusals = new List<string>();
        var allowed = new List<IPAddress>();
        foreach (var address in addresses)
        {
            if (policy.Refusal(address, port) is { } refusal) refusals.Add(refusal);
            else allowed.Add(address);
        }
        if (allowed.Count == 0)
            throw new AddressRefusedException(refusals.Count == 0
                ? $"{host} has no address"
                : $"refused to connect to {host}: {string.Join("; ", refusals.Distinct())}. Links found in fetched content may only reach public addresses (Fetch:AllowPrivateAddresses)");
        return await ConnectToFirstAsync(allowed, port, cancellationToken);
    }

    private static async ValueTask<Stream> ConnectToFirstAsync(IReadOnlyList<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }
}
