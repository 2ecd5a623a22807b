using System.Text.Json;
using System.Text.Json.Nodes;
using Fixlify.Channels;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>POST /api/sms/inbound</c>: Telnyx's message webhooks. No bearer token: the request must carry Telnyx's Ed25519
/// signature, made within the last 5 minutes (else 401). An inbound <c>message.received</c> whose whole text is a consent
/// keyword (<see cref="SmsKeywords"/>: STOP, QUIT, END, REVOKE, OPT OUT, CANCEL, UNSUBSCRIBE, …; START, UNSTOP) puts its
/// sender's number on (or takes it off) the SMS suppression list of the organization it was sent to.
/// </summary>
public sealed class SmsInboundApi(TelnyxSignature signature, SmsOptOuts optOuts)
{
    const int MaxBytes = 256 * 1024;

    public async Task<IResult> ReceiveAsync(HttpContext context, CancellationToken cancellationToken)
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
            return Results.Ok(new SmsKeywordResult("ignored", 0));
        }

        var from = payload["from"]?["phone_number"]?.ToString();
        var to = (payload["to"] as JsonArray)?.Select(t => t?["phone_number"]?.ToString()).FirstOrDefault(n => !string.IsNullOrEmpty(n));
        if (from is null || to is null)
        {
            return Problems.BadRequest("A message.received payload needs from.phone_number and to[].phone_number.", "data.payload");
        }

        return Results.Ok(await optOuts.ApplyAsync(to, from, payload["text"]?.ToString(), cancellationToken));
    }
}
