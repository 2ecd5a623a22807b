using System.Net;

namespace Fixlify.Channels;

/// <summary>Resolves a host name to its addresses (A and AAAA). DNS in production; tests make a name point anywhere.</summary>
internal interface IHostAddressResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
