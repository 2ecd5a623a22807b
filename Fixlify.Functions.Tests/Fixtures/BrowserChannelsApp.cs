using System.Net;
using System.Text.Json.Nodes;
using netDumbster.smtp;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using WireMock.Server;
using WireMock.Settings;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// The browser tests' host wired to real protocol peers on 127.0.0.1, as <see cref="ChannelsApp"/> is: an SMTP server
/// (netDumbster) and Telnyx (WireMock.Net, accepting every text; its inbound webhooks signed), so a screen shows
/// messages that were really sent and replies that really came in.
/// </summary>
public sealed class BrowserChannelsApp : BrowserApp
{
    readonly Ed25519PrivateKeyParameters _telnyxSigningKey = new(new SecureRandom());

    public SimpleSmtpServer Smtp { get; private set; } = null!;

    public WireMockServer Telnyx { get; private set; } = null!;

    protected override IEnumerable<string> Arguments()
    {
        foreach (var argument in base.Arguments())
        {
            yield return argument;
        }

        yield return "--Smtp:Host=127.0.0.1";
        yield return $"--Smtp:Port={Smtp.Configuration.Port}";
        yield return "--Smtp:TlsMode=None";
        yield return "--Smtp:Timeout=00:00:10";
        yield return "--Email:FromAddress=fallback@test.example";
        yield return $"--Telnyx:BaseUrl={Telnyx.Url}";
        yield return $"--Telnyx:ApiKey={ChannelsApp.TelnyxApiKey}";
        yield return $"--Telnyx:PublicKey={Convert.ToBase64String(_telnyxSigningKey.GeneratePublicKey().GetEncoded())}";
        yield return "--Telnyx:Timeout=00:00:10";
    }

    public override async Task InitializeAsync()
    {
        Smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(FreePort()).Build();
        Telnyx = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        Telnyx.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v2/messages").UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(new JsonObject { ["data"] = new JsonObject { ["id"] = "msg-browser", ["record_type"] = "message" } }.ToJsonString()));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp?.Stop();
        Telnyx?.Stop();
    }

    /// <summary>The client texts the organization's number (a signed Telnyx webhook); fails unless the route answers 200.</summary>
    public async Task TextInAsync(string from, string text, string to = "+15550001111")
    {
        using var response = await InboundTexts.PostSignedAsync(Http, (timestamp, body) => InboundTexts.Sign(_telnyxSigningKey, timestamp, body), InboundTexts.Webhook(from, to, text));
        Assert.True(response.IsSuccessStatusCode, $"inbound text: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The texts Telnyx received for <paramref name="to"/>, as sent.</summary>
    public List<string> TextsTo(string to) =>
        [.. Telnyx.LogEntries
            .Select(e => JsonNode.Parse(e.RequestMessage.Body ?? "{}"))
            .Where(b => b?["to"]?.ToString() == to)
            .Select(b => b?["text"]?.ToString() ?? "")];
}
