using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a server (the SMTP peer), which remembers when each connection opened and closed:
/// how many were on the wire at a moment (a host killed in the middle of a burst).
/// </summary>
public sealed class TcpCountingProxy : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly int _target;
    readonly CancellationTokenSource _stop = new();
    readonly ConcurrentBag<Connection> _connections = [];
    readonly Task _accepting;

    public TcpCountingProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections that were open at some moment between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public int OpenBetween(DateTimeOffset from, DateTimeOffset to) =>
        _connections.Count(c => c.OpenedAt <= to && (c.ClosedAt is not { } closed || closed >= from));

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var connection = new Connection { OpenedAt = DateTimeOffset.UtcNow };
            _connections.Add(connection);
            _ = RelayAsync(client, connection);
        }
    }

    async Task RelayAsync(TcpClient client, Connection connection)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                var a = client.GetStream();
                var b = server.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One side went away: the connection ends.
            }
        }

        connection.ClosedAt = DateTimeOffset.UtcNow;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    sealed class Connection
    {
        public DateTimeOffset OpenedAt { get; init; }

        public DateTimeOffset? ClosedAt { get; set; }
    }
}
