using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using netDumbster.smtp;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

// The outside services of `make run`, on 127.0.0.1: an SMTP server that keeps what it gets, and an HTTP stub that
// plays Telnyx (POST /v2/messages) and a Web Push service (POST /push/...). One line per message received.
//   dotnet Fixlify.DevPeers.dll --smtp-port 2525 --http-port 4010
var smtpPort = Port(args, "--smtp-port", 2525);
var httpPort = Port(args, "--http-port", 4010);

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

Say("peers", $"SMTP on 127.0.0.1:{smtpPort}, Telnyx, push and webhooks (/hooks/...) on http://127.0.0.1:{httpPort} (Ctrl-C stops)");
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

static void Say(string peer, string line) =>
    Console.WriteLine($"{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} [{peer}] {line}");

static ResponseMessage Json(int status, JsonNode body) => new()
{
    StatusCode = status,
    Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
    BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
};
