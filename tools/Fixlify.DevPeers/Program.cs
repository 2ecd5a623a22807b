using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using netDumbster.smtp;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

// The outside services of `make run`, on 127.0.0.1: an SMTP server that keeps what it gets, and an HTTP stub that
// plays Telnyx (POST /v2/messages) and a Web Push service (POST /push/...). One line per message received.
// It also plays the client's phone: POST /dev/reply {"text": "C"} answers the last text sent (or {"from", "to", "text"}),
// posted to the app's inbound route as Telnyx would, signed with a key made at start (its public half written to
// --telnyx-key-file, which `make run` gives the app as Telnyx__PublicKey).
//   dotnet Fixlify.DevPeers.dll --smtp-port 2525 --http-port 4010 --app-url http://127.0.0.1:7071 --telnyx-key-file telnyx.pub
var smtpPort = Port(args, "--smtp-port", 2525);
var httpPort = Port(args, "--http-port", 4010);
var appUrl = Arg(args, "--app-url") ?? "http://127.0.0.1:7071";
var signingKey = new Ed25519PrivateKeyParameters(new SecureRandom());
if (Arg(args, "--telnyx-key-file") is { } keyFile)
{
    await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(signingKey.GeneratePublicKey().GetEncoded()));
}

(string? From, string? To) lastText = (null, null);
using var inbound = new HttpClient { BaseAddress = new Uri(appUrl), Timeout = TimeSpan.FromSeconds(30) };

using var smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(smtpPort).Build();
smtp.MessageReceived += (_, e) =>
{
    var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(e.Message.Data)));
    Say("email", $"{message.From} -> {message.To}: \"{message.Subject}\" ({message.MessageId})");
};

var http = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{httpPort}"] });
var texts = 0;
http.Given(Request.Create().WithPath("/v2/messages").UsingPost()).RespondWith(Response.Create().WithCallback(request =>
{
    var body = JsonNode.Parse(request.Body ?? "{}");
    var id = $"dev-{Interlocked.Increment(ref texts):D6}";
    lastText = (body?["from"]?.ToString(), body?["to"]?.ToString());
    Say("sms", $"{body?["from"] ?? body?["messaging_profile_id"]} -> {body?["to"]}: \"{body?["text"]}\" ({id})");
    return Json(200, new JsonObject { ["data"] = new JsonObject { ["id"] = id, ["record_type"] = "message", ["to"] = new JsonArray(new JsonObject { ["phone_number"] = body?["to"]?.ToString(), ["status"] = "queued" }) } });
}));
http.Given(Request.Create().WithPath("/push/*").UsingPost()).RespondWith(Response.Create().WithCallback(request =>
{
    var encoding = request.Headers is { } headers && headers.TryGetValue("Content-Encoding", out var values) ? values.FirstOrDefault() : "none";
    Say("push", $"{request.Path}: {request.BodyAsBytes?.Length ?? 0} encrypted bytes ({encoding})");
    return new ResponseMessage { StatusCode = 201 };
}));

var hooks = 0;
http.Given(Request.Create().WithPath("/hooks/*").UsingPost()).RespondWith(Response.Create().WithCallback(request =>
{
    var id = request.Headers is { } headers && headers.TryGetValue("webhook-id", out var ids) ? ids.FirstOrDefault() : "none";
    var signed = request.Headers?.ContainsKey("webhook-signature") == true ? "signed" : "unsigned";
    Say("webhook", $"{request.Path} #{Interlocked.Increment(ref hooks)}: id {id}, {signed}, {request.BodyAsBytes?.Length ?? 0} bytes");
    return new ResponseMessage { StatusCode = 200 };
}));

http.Given(Request.Create().WithPath("/dev/reply").UsingPost()).RespondWith(Response.Create().WithCallback(request =>
{
    // The client answers: to the number that texted them last, from the number it texted (unless the body says otherwise).
    var given = JsonNode.Parse(request.Body ?? "{}");
    var from = given?["from"]?.ToString() ?? lastText.To;
    var to = given?["to"]?.ToString() ?? lastText.From;
    var text = given?["text"]?.ToString();
    if (from is null || to is null || text is null)
    {
        return Json(400, new JsonObject { ["error"] = "Give {\"text\": \"C\"} after the app has sent a text, or {\"from\", \"to\", \"text\"}." });
    }

    var now = DateTimeOffset.UtcNow;
    var webhook = new JsonObject
    {
        ["data"] = new JsonObject
        {
            ["event_type"] = "message.received",
            ["id"] = Guid.NewGuid().ToString(),
            ["occurred_at"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["payload"] = new JsonObject
            {
                ["direction"] = "inbound", ["type"] = "SMS", ["text"] = text, ["received_at"] = now.ToString("O", CultureInfo.InvariantCulture),
                ["from"] = new JsonObject { ["phone_number"] = from },
                ["to"] = new JsonArray(new JsonObject { ["phone_number"] = to }),
            },
            ["record_type"] = "event",
        },
    }.ToJsonString();
    var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    var signer = new Ed25519Signer();
    signer.Init(forSigning: true, signingKey);
    var signed = Encoding.UTF8.GetBytes($"{timestamp}|{webhook}");
    signer.BlockUpdate(signed, 0, signed.Length);
    using var post = new HttpRequestMessage(HttpMethod.Post, "api/sms/inbound") { Content = new StringContent(webhook, Encoding.UTF8, "application/json") };
    post.Headers.Add("telnyx-timestamp", timestamp);
    post.Headers.Add("telnyx-signature-ed25519", Convert.ToBase64String(signer.GenerateSignature()));
    using var answer = inbound.Send(post);
    var result = answer.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    Say("reply", $"{from} -> {to}: \"{text}\" (the app answered {(int)answer.StatusCode} {result})");
    return Json((int)answer.StatusCode, JsonNode.Parse(result) ?? new JsonObject());
}));

Say("peers", $"SMTP on 127.0.0.1:{smtpPort}, Telnyx, push and webhooks (/hooks/...) on http://127.0.0.1:{httpPort}; replies (/dev/reply) go to {appUrl} (Ctrl-C stops)");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // stopping
}

http.Stop();
smtp.Stop();
return 0;

static int Port(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : fallback;
}

static string? Arg(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static void Say(string peer, string line) =>
    Console.WriteLine($"{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} [{peer}] {line}");

static ResponseMessage Json(int status, JsonNode body) => new()
{
    StatusCode = status,
    Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
    BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
};
