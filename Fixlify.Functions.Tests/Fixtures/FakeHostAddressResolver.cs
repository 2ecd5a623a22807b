using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fixlify.Channels;

namespace Fixlify.Tests.Fixtures;

/// <summary>Name resolution the test decides: a host name "resolves" to whatever addresses the test gives it.</summary>
public sealed class FakeHostAddressResolver : IHostAddressResolver
{
    readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Asked { get; } = new();

    public FakeHostAddressResolver Add(string host, params string[] addresses)
    {
        _names[host] = [.. addresses.Select(IPAddress.Parse)];
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Asked.Enqueue(host);
        return _names.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
    }
}
