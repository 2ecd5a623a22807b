using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Actions;
using Fixlify.Channels;
using Fixlify.Engine;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// The standalone host wired to real protocol peers on 127.0.0.1: an SMTP server (netDumbster), Telnyx and a push
/// service (WireMock.Net). The organization has no quiet hours (tests that want them set their own).
/// </summary>
public class ChannelsApp : StandaloneApp
{
    public const string TelnyxApiKey = "KEY_test_0123456789";
    public const string UnsubscribeTemplate = "https://app.test.example/unsubscribe?client={{ client.id }}&org={{ organization.id }}";

    readonly Ed25519PrivateKeyParameters _telnyxSigningKey = new(new SecureRandom());
    readonly (string Public, string Private) _vapid = VapidKeys();

    public SimpleSmtpServer Smtp { get; protected set; } = null!;

    public WireMockServer Telnyx { get; private set; } = null!;

    public WireMockServer PushService { get; private set; } = null!;

    public Guid OrganizationId { get; private set; }

    /// <summary>The app's SMTP sender, which can be told to fail its next sends as a refused connection would.</summary>
    internal FlakyEmailSender EmailSender => Services.GetRequiredService<FlakyEmailSender>();

    public HttpClient Api { get; private set; } = null!;

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
        yield return $"--Email:UnsubscribeUrl={UnsubscribeTemplate}";
        yield return $"--Telnyx:BaseUrl={Telnyx.Url}";
        yield return $"--Telnyx:ApiKey={TelnyxApiKey}";
        yield return $"--Telnyx:PublicKey={Convert.ToBase64String(_telnyxSigningKey.GeneratePublicKey().GetEncoded())}";
        yield return "--Telnyx:Timeout=00:00:10";
        yield return "--WebPush:Subject=mailto:ops@test.example";
        yield return $"--WebPush:PublicKey={_vapid.Public}";
        yield return $"--WebPush:PrivateKey={_vapid.Private}";
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<SmtpEmailSender>();
        services.AddSingleton<FlakyEmailSender>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<FlakyEmailSender>());
    }

    public override async Task InitializeAsync()
    {
        Smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(FreePort()).Build();
        Telnyx = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        PushService = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        await base.InitializeAsync();
        await using var connection = await OpenAsync();
        OrganizationId = await TestData.OrganizationAsync(connection, "Test Plumbing");
        await connection.ExecuteAsync("UPDATE organizations SET quiet_hours_start = '00:00', quiet_hours_end = '00:00' WHERE id = @OrganizationId", new { OrganizationId });
        Api = ClientFor(OrganizationId);
    }

    public override async Task DisposeAsync()
    {
        Api?.Dispose();
        await base.DisposeAsync();
        Smtp?.Stop();
        Telnyx?.Stop();
        PushService?.Stop();
    }

    /// <summary>Runs after a send and before it is recorded (see <see cref="ChannelDelivery"/>); null for none.</summary>
    public Func<string, CancellationToken, Task>? AfterSend
    {
        set => Services.GetRequiredService<ChannelDelivery>().AfterSend = value;
    }

    /// <summary>Runs when a wait step starts, before its wait is written (see <see cref="StartWait"/>); null for none.</summary>
    internal Func<StartWaitInput, CancellationToken, Task>? BeforeWaitStarts
    {
        set => Services.GetRequiredService<StartWait>().BeforeStart = value;
    }

    /// <summary>Telnyx (the stub) accepts every text from now on, answering with <paramref name="messageId"/>.</summary>
    public void TelnyxAcceptsEveryText(string messageId)
    {
        Telnyx.Reset();
        Telnyx.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v2/messages").UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(new JsonObject { ["data"] = new JsonObject { ["id"] = messageId, ["record_type"] = "message" } }.ToJsonString()));
    }

    /// <summary>The emails the SMTP server received for an execution (their Message-ID starts with its id).</summary>
    public List<MimeMessage> EmailsOf(Guid executionId) =>
        [.. Smtp.ReceivedEmail
            .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
            .Where(m => m.MessageId?.StartsWith(executionId.ToString("N"), StringComparison.Ordinal) == true)];

    /// <summary>The requests Telnyx received for texts to <paramref name="to"/>.</summary>
    public List<ILogEntry> TextsTo(string to) =>
        [.. Telnyx.LogEntries.Where(e => e.RequestMessage.Path == "/v2/messages" && JsonNode.Parse(e.RequestMessage.Body ?? "{}")?["to"]?.ToString() == to)];

    /// <summary>Signs a webhook body as Telnyx does: Ed25519 over <c>{timestamp}|{body}</c>, base64.</summary>
    public string SignTelnyx(string timestamp, string body) => InboundTexts.Sign(_telnyxSigningKey, timestamp, body);

    /// <summary>A browser-side push subscription key pair: p256dh (uncompressed P-256 point) and a 16-byte auth secret, base64url.</summary>
    public static (string P256dh, string Auth) BrowserKeys()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(false).Q;
        return (Base64Url([0x04, .. point.X!, .. point.Y!]), Base64Url(RandomNumberGenerator.GetBytes(16)));
    }

    static (string Public, string Private) VapidKeys()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(true);
        return (Base64Url([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]), Base64Url(parameters.D!));
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
