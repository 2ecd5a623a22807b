using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Fixlify.Tests.Fixtures;

/// <summary>Texts coming in as Telnyx posts them: a <c>message.received</c> webhook, signed with Ed25519 over <c>{timestamp}|{body}</c>.</summary>
public static class InboundTexts
{
    /// <summary>
    /// The webhook body of a text from <paramref name="from"/> to <paramref name="to"/>: a new message (its own Telnyx
    /// message id) unless <paramref name="messageId"/> names one, received now unless <paramref name="receivedAt"/> says when.
    /// </summary>
    public static string Webhook(string from, string to, string text, string? messageId = null, DateTimeOffset? receivedAt = null) => new JsonObject
    {
        ["data"] = new JsonObject
        {
            ["event_type"] = "message.received",
            ["id"] = Guid.NewGuid().ToString(),
            ["occurred_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["payload"] = new JsonObject
            {
                ["id"] = messageId ?? Guid.NewGuid().ToString(),
                ["direction"] = "inbound",
                ["from"] = new JsonObject { ["phone_number"] = from, ["carrier"] = "T-Mobile" },
                ["to"] = new JsonArray(new JsonObject { ["phone_number"] = to }),
                ["text"] = text,
                ["type"] = "SMS",
                ["received_at"] = (receivedAt ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture),
            },
            ["record_type"] = "event",
        },
        ["meta"] = new JsonObject { ["attempt"] = 1 },
    }.ToJsonString();

    /// <summary>Signs as Telnyx does: Ed25519 over <c>{timestamp}|{body}</c>, base64.</summary>
    public static string Sign(Ed25519PrivateKeyParameters key, string timestamp, string body)
    {
        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, key);
        var bytes = Encoding.UTF8.GetBytes($"{timestamp}|{body}");
        signer.BlockUpdate(bytes, 0, bytes.Length);
        return Convert.ToBase64String(signer.GenerateSignature());
    }

    /// <summary>Posts <paramref name="body"/> to <c>/api/sms/inbound</c>, signed by <paramref name="sign"/> (timestamp, body → signature) unless a signature is given.</summary>
    public static async Task<HttpResponseMessage> PostSignedAsync(
        HttpClient http, Func<string, string, string> sign, string body, string? signature = null, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/sms/inbound", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("telnyx-timestamp", timestamp);
        request.Headers.Add("telnyx-signature-ed25519", signature ?? sign(timestamp, body));
        return await http.SendAsync(request);
    }

    /// <summary>The client texts the organization's number: the inbound route's answer ({action, clients, executionId}); fails unless 200.</summary>
    public static Task<JsonElement> TextInAsync(this ChannelsApp app, string from, string text, string to = "+15550001111") =>
        app.DeliverAsync(Webhook(from, to, text));

    /// <summary>Telnyx delivers (or delivers again) the webhook <paramref name="body"/>: the inbound route's answer; fails unless 200.</summary>
    public static async Task<JsonElement> DeliverAsync(this ChannelsApp app, string webhook)
    {
        using var response = await PostSignedAsync(app.Http, app.SignTelnyx, webhook);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"inbound text: {(int)response.StatusCode} {body}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }
}
