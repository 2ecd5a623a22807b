using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Channels;

/// <summary>
/// The guarded client's connect step (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the host once, refuses
/// it when any of its addresses is internal (<see cref="AddressPolicy"/>), and opens the socket to an address it
/// checked, so a second DNS answer (rebinding) cannot swap in another. Runs for every new connection, redirects included.
/// </summary>
internal sealed class OutboundAddressGuard(IHostAddressResolver resolver, IOptions<HttpGuardOptions> options, ILogger<OutboundAddressGuard> logger)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await CheckAsync(endpoint.Host, endpoint.Port, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
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

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The addresses a connection to <paramref name="host"/> may use; throws <see cref="DestinationRefusedException"/> when any is internal.</summary>
    public async Task<IReadOnlyList<IPAddress>> CheckAsync(string host, int port, CancellationToken cancellationToken)
    {
        var allowLoopback = options.Value.AllowLoopback;
        var name = host.Trim('[', ']');
        var shown = port is 80 or 443 ? host : $"{host}:{port}";
        if (IPAddress.TryParse(name, out var literal))
        {
            return AddressPolicy.Refusal(literal, allowLoopback) is { } reason
                ? throw Refuse(shown, $"{literal} is {reason}")
                : [literal];
        }

        var addresses = await resolver.ResolveAsync(name, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var address in addresses)
        {
            if (AddressPolicy.Refusal(address, allowLoopback) is { } reason)
            {
                throw Refuse(shown, $"it resolves to {address}, {reason}");
            }
        }

        return addresses;
    }

    DestinationRefusedException Refuse(string host, string reason)
    {
        Log.DestinationRefused(logger, host, reason);
        return new DestinationRefusedException(host, reason);
    }
}
