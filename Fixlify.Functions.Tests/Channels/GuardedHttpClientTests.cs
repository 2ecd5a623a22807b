using System.Net;
using Fixlify.Channels;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Fixlify.Tests.Channels;

/// <summary>The guarded client as the app registers it (AddGuardedHttp), with a fake resolver and WireMock peers on 127.0.0.1.</summary>
public sealed class GuardedHttpClientTests : IDisposable
{
    readonly FakeHostAddressResolver _resolver = new FakeHostAddressResolver()
        .Add("intranet.test", "10.0.0.5")
        .Add("metadata.test", "169.254.169.254")
        .Add("mixed.test", "127.0.0.1", "192.168.1.10")
        .Add("api.test", "127.0.0.1")
        .Add("other.test", "127.0.0.1");

    readonly WireMockServer _peer = HttpPeer.Start();
    readonly List<ServiceProvider> _providers = [];

    GuardedHttpClient Client(bool allowLoopback)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Http:AllowLoopback"] = allowLoopback ? "true" : "false" })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IHostAddressResolver>(_resolver);
        services.AddGuardedHttp(configuration);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<GuardedHttpClient>();
    }

    static OutboundRequest Get(string url, params KeyValuePair<string, string>[] headers) => new(HttpMethod.Get, new Uri(url), headers);

    [Theory]
    [InlineData("http://10.1.2.3/", "private address (10.0.0.0/8)")]
    [InlineData("http://172.16.0.1/", "private address (172.16.0.0/12)")]
    [InlineData("http://192.168.1.1/", "private address (192.168.0.0/16)")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[fe80::1]/", "link-local")]
    [InlineData("http://[fc00::1]/", "unique-local")]
    [InlineData("http://0.0.0.0/", "this network")]
    [InlineData("http://224.0.0.1/", "multicast")]
    [InlineData("http://255.255.255.255/", "broadcast")]
    [InlineData("http://100.64.0.1/", "carrier-grade NAT")]
    [InlineData("http://[::ffff:10.0.0.1]/", "IPv4-mapped form of a private address")]
    public async Task SendAsync_InternalAddress_IsRefusedEvenWithLoopbackAllowed(string url, string reason)
    {
        var client = Client(allowLoopback: true);

        var refused = await Assert.ThrowsAsync<DestinationRefusedException>(() => client.SendAsync(Get(url), followRedirects: false, CancellationToken.None));

        Assert.Contains(reason, refused.Reason, StringComparison.Ordinal);
        Assert.Contains(new Uri(url).Host.Trim('[', ']'), refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task SendAsync_LoopbackNotAllowed_IsRefusedAndNothingArrives(string host)
    {
        var client = Client(allowLoopback: false);

        var refused = await Assert.ThrowsAsync<DestinationRefusedException>(
            () => client.SendAsync(Get($"http://{host}:{_peer.Port()}/hook"), followRedirects: false, CancellationToken.None));

        Assert.Contains("loopback", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("Http__AllowLoopback", refused.Reason, StringComparison.Ordinal);
        Assert.Empty(_peer.LogEntries);
    }

    [Fact]
    public async Task SendAsync_LoopbackAllowed_Arrives()
    {
        _peer.Given(Request.Create().WithPath("/ok").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("fine"));

        using var response = await Client(allowLoopback: true).SendAsync(Get($"http://127.0.0.1:{_peer.Port()}/ok"), followRedirects: false, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_peer.LogEntries);
    }

    [Theory]
    [InlineData("intranet.test", "10.0.0.5")]
    [InlineData("metadata.test", "169.254.169.254")]
    [InlineData("mixed.test", "192.168.1.10")]
    public async Task SendAsync_HostResolvingToAnInternalAddress_IsRefused(string host, string address)
    {
        var refused = await Assert.ThrowsAsync<DestinationRefusedException>(
            () => Client(allowLoopback: true).SendAsync(Get($"https://{host}/api"), followRedirects: false, CancellationToken.None));

        Assert.Equal(host, refused.Host);
        Assert.Contains($"resolves to {address}", refused.Reason, StringComparison.Ordinal);
        Assert.Contains(host, _resolver.Asked);
    }

    [Fact]
    public async Task SendAsync_ResolvedHost_ConnectsToTheCheckedAddressAndKeepsTheName()
    {
        _peer.Given(Request.Create().WithPath("/named").UsingGet()).RespondWith(Response.Create().WithStatusCode(200));

        using var response = await Client(allowLoopback: true).SendAsync(Get($"http://api.test:{_peer.Port()}/named"), followRedirects: false, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"api.test:{_peer.Port()}", _peer.LogEntries.Single().Header("Host"));
    }

    [Theory]
    [InlineData("http://10.0.0.5/admin", "10.0.0.5")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254")]
    [InlineData("http://intranet.test/", "intranet.test")]
    public async Task SendAsync_RedirectToAnInternalAddress_IsRefused(string location, string host)
    {
        _peer.Given(Request.Create().WithPath("/start").UsingGet()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", location));

        var refused = await Assert.ThrowsAsync<DestinationRefusedException>(
            () => Client(allowLoopback: true).SendAsync(Get($"http://127.0.0.1:{_peer.Port()}/start"), followRedirects: true, CancellationToken.None));

        Assert.Equal(host, refused.Host);
        Assert.Single(_peer.LogEntries);
    }

    [Fact]
    public async Task SendAsync_RedirectNotFollowed_ReturnsTheRedirect()
    {
        _peer.Given(Request.Create().WithPath("/start").UsingGet()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "http://10.0.0.5/"));

        using var response = await Client(allowLoopback: true).SendAsync(Get($"http://127.0.0.1:{_peer.Port()}/start"), followRedirects: false, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }

    [Theory]
    [InlineData(3, HttpStatusCode.OK)]
    [InlineData(4, HttpStatusCode.Redirect)]
    public async Task SendAsync_RedirectChain_FollowsAtMostThree(int hops, HttpStatusCode expected)
    {
        for (var i = 0; i < hops; i++)
        {
            _peer.Given(Request.Create().WithPath($"/hop{i}").UsingGet()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", $"/hop{i + 1}"));
        }

        _peer.Given(Request.Create().WithPath($"/hop{hops}").UsingGet()).RespondWith(Response.Create().WithStatusCode(200));

        using var response = await Client(allowLoopback: true).SendAsync(Get($"http://127.0.0.1:{_peer.Port()}/hop0"), followRedirects: true, CancellationToken.None);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(Math.Min(hops, GuardedHttpClient.MaxRedirects) + 1, _peer.LogEntries.Count);
    }

    [Fact]
    public async Task SendAsync_RedirectToAnotherOrigin_DropsTheCallersHeaders()
    {
        _peer.Given(Request.Create().WithPath("/start").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(307).WithHeader("Location", $"http://other.test:{_peer.Port()}/landing"));
        _peer.Given(Request.Create().WithPath("/landing").UsingGet()).RespondWith(Response.Create().WithStatusCode(200));

        using var response = await Client(allowLoopback: true).SendAsync(
            Get($"http://api.test:{_peer.Port()}/start", new KeyValuePair<string, string>("X-Api-Key", "secret-key")), followRedirects: true, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = _peer.LogEntries.OrderBy(e => e.RequestMessage.DateTime).ToList();
        Assert.Equal("secret-key", entries[0].Header("X-Api-Key"));
        Assert.Null(entries[1].Header("X-Api-Key"));
    }

    [Theory]
    [InlineData("ftp://files.example.com/report.csv", "only http and https")]
    [InlineData("file:///etc/passwd", "only http and https")]
    [InlineData("http://user:hunter2@api.test/", "credentials")]
    public async Task SendAsync_UrlOfAForbiddenForm_IsRefused(string url, string reason)
    {
        var refused = await Assert.ThrowsAsync<DestinationRefusedException>(
            () => Client(allowLoopback: true).SendAsync(Get(url), followRedirects: false, CancellationToken.None));

        Assert.Contains(reason, refused.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task SendAsync_RedirectToFtp_IsRefused()
    {
        _peer.Given(Request.Create().WithPath("/start").UsingGet()).RespondWith(Response.Create().WithStatusCode(301).WithHeader("Location", "ftp://files.example.com/x"));

        var refused = await Assert.ThrowsAsync<DestinationRefusedException>(
            () => Client(allowLoopback: true).SendAsync(Get($"http://127.0.0.1:{_peer.Port()}/start"), followRedirects: true, CancellationToken.None));

        Assert.Contains("only http and https", refused.Reason, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _peer.Dispose();
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }
}
