using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a server (the SMTP peer), which remembers when each connection opened and closed,
/// and whether its client had said hello (SMTP's EHLO or HELO): how many sends were on the wire at a moment (a host killed
/// in the middle of a burst).
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

    /// <summary>
    /// Connections whose client had said hello (EHLO or HELO) and that were open at some moment between
    /// <paramref name="from"/> and <paramref name="to"/>.
    /// </summary>
    public int GreetedOpenBetween(DateTimeOffset from, DateTimeOffset to) =>
        _connections.Count(c => c.GreetedAt is { } greeted && greeted <= to && (c.ClosedAt is not { } closed || closed >= from));

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
                await Task.WhenAny(FromClientAsync(a, b, connection), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One side went away: the connection ends.
            }
        }

        connection.ClosedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Relays what the client says, noting when it first says hello.</summary>
    async Task FromClientAsync(Stream client, Stream server, Connection connection)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await client.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (connection.GreetedAt is null)
            {
                var text = System.Text.Encoding.ASCII.GetString(buffer, 0, read);
                if (text.Contains("EHLO", StringComparison.OrdinalIgnoreCase) || text.Contains("HELO", StringComparison.OrdinalIgnoreCase))
                {
                    connection.GreetedAt = DateTimeOffset.UtcNow;
                }
            }

            await server.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
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

        public DateTimeOffset? GreetedAt { get; set; }
    }
}
