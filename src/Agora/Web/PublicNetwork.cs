using System.Net;
using System.Net.Sockets;

namespace Agora.Web;

/// <summary>Keeps the requests Agora makes on a user's behalf (the @context URL any NGSI-LD request may name) off the
/// network Agora itself runs in: a connection to a loopback, private, link-local or otherwise non-public address is
/// refused, so nobody can use the broker to probe or call the city's internal services. The check is made as the
/// connection is opened, on the addresses actually dialled, so a name that resolves to a public address when
/// looked at and to an internal one when used (DNS rebinding) does not slip past; redirects are checked the same way.</summary>
public static class PublicNetwork
{
    /// <summary>Why a connection was refused; the message says so in words an API client can act on.</summary>
    public sealed class RefusedException(string message) : IOException(message);

    /// <summary>A handler that connects to public addresses only.</summary>
    public static SocketsHttpHandler Handler() => new()
    {
        ConnectCallback = ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxAutomaticRedirections = 5,
    };

    static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new RefusedException($"{host} is a private or local address ({string.Join(", ", addresses.Select(a => a.ToString()))}), " +
                "which Agora does not connect to on a request's behalf");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether an address is on the public internet: not loopback, private (RFC 1918, fc00::/7), shared
    /// (100.64/10), link-local (cloud metadata services live at 169.254.169.254), multicast, reserved or unspecified.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 or >= 224 => false,
                100 => b[1] is < 64 or > 127,
                169 => b[1] != 254,
                172 => b[1] is < 16 or > 31,
                192 => !(b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2)),
                198 => b[1] is not (18 or 19) && !(b[1] == 51 && b[2] == 100),
                203 => !(b[1] == 0 && b[2] == 113),
                _ => true,
            };
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal
            || address.IsIPv6Multicast) return false;
        var v6 = address.GetAddressBytes();
        // 64:ff9b::/96 (NAT64) carries an IPv4 address in its last four bytes: judge that one.
        if (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6[4..12].All(x => x == 0))
            return IsPublic(new IPAddress(v6[12..]));
        return true;
    }
}
