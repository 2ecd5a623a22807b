using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace Fixlify.Tests.Fixtures;

/// <summary>WireMock.Net servers for the HTTP actions' tests, bound to 127.0.0.1 only.</summary>
public static class HttpPeer
{
    public static WireMockServer Start() =>
        WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{StandaloneApp.FreePort()}"] });

    public static int Port(this WireMockServer server) => server.Ports[0];

    /// <summary>A request header as the peer received it (names are case-insensitive), or null.</summary>
    public static string? Header(this ILogEntry entry, string name) =>
        entry.RequestMessage.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>The raw request body as the peer received it.</summary>
    public static byte[] RawBody(this ILogEntry entry) =>
        entry.RequestMessage.BodyAsBytes ?? System.Text.Encoding.UTF8.GetBytes(entry.RequestMessage.Body ?? "");
}
