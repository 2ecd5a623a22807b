using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary>
/// <c>POST /api/sms/inbound</c>: Telnyx's message webhooks, read here and handled by <see cref="HandleInboundSms"/>. No
/// bearer token: the request must carry Telnyx's Ed25519 signature, made within the last 5 minutes (else 401). An
/// inbound <c>message.received</c> whose whole text is a consent keyword (<see cref="SmsKeywords"/>: STOP, QUIT, END, REVOKE, OPT OUT, CANCEL, UNSUBSCRIBE, …; START, UNSTOP) puts its
/// sender's number on (or takes it off) the SMS suppression list of the organization it was sent to. Then any
/// <c>message.received</c> goes to the execution waiting for that client's reply, if one waits (<see cref="InboundReplyRouter"/>):
/// an opt-out keyword is applied first, and reaches the waiting execution as intent <c>opted_out</c>.
/// Each message counts once: its provider message id (<c>data.payload.id</c>) is claimed in the transaction that applies
/// it (<see cref="InboundMessages"/>), so a retried delivery answers 200 <c>duplicate</c> and changes nothing; and
/// keywords apply in the order the provider received them (<c>received_at</c>), so a late START never undoes a later STOP.
/// </summary>
internal sealed class SmsInboundApi(TelnyxSignature signature, HandleInboundSms inbound, TimeProvider clock)
{
    /// <summary>
    /// What an inbound text did: its consent keyword's effect (<c>duplicate</c>: the message was handled before), and the
    /// execution it was the reply for (null: none waited).
    /// </summary>
    internal sealed record SmsInboundResult(string Action, int Clients, Guid? ExecutionId);

    const int MaxBytes = 256 * 1024;

    public async Task<IResult> ReceiveAsync(HttpContext context, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // The raw bytes: the signature covers them exactly.
        var body = await JsonBody.ReadBytesAsync(context.Request, MaxBytes, cancellationToken);
        if (body is null)
        {
            return Problems.PayloadTooLarge(MaxBytes);
        }

        var refusal = signature.Check(
            context.Request.Headers[TelnyxSignature.SignatureHeader].FirstOrDefault(), context.Request.Headers[TelnyxSignature.TimestampHeader].FirstOrDefault(), body);
        if (refusal is not null)
        {
            return Problems.Unauthorized(refusal);
        }

        JsonNode? webhook;
        try
        {
            webhook = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("The body is not valid JSON.", "$");
        }

        var data = webhook?["data"];
        var payload = data?["payload"];
        if (data?["event_type"]?.ToString() != "message.received" || payload is null)
        {
            return Results.Ok(new SmsInboundResult("ignored", 0, null));
        }

        var from = payload["from"]?["phone_number"]?.ToString();
        var to = (payload["to"] as JsonArray)?.Select(t => t?["phone_number"]?.ToString()).FirstOrDefault(n => !string.IsNullOrEmpty(n));
        if (from is null || to is null)
        {
            return Problems.BadRequest("A message.received payload needs from.phone_number and to[].phone_number.", "data.payload");
        }

        // The message's id (Telnyx's message id; the webhook event's id when a payload has none): the same on every retry.
        var messageId = payload["id"]?.ToString() is { Length: > 0 } id ? id : data["id"]?.ToString();
        if (string.IsNullOrEmpty(messageId))
        {
            return Problems.BadRequest("A message.received payload needs its message id (data.payload.id).", "data.payload.id");
        }

        var text = payload["text"]?.ToString();
        var receivedAt = DateTimeOffset.TryParse(payload["received_at"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime
            : clock.GetUtcNow().UtcDateTime;
        var handled = await inbound.ExecuteAsync(new HandleInboundSms.Request(to, from, text, messageId, receivedAt), client, cancellationToken);
        return Results.Ok(new SmsInboundResult(handled.Action, handled.Clients, handled.ExecutionId));
    }
}
