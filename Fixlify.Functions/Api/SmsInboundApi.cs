using System.Text.Json;
using System.Text.Json.Nodes;
using Fixlify.Channels;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>POST /api/sms/inbound</c>: Telnyx's message webhooks. No bearer token: the request must carry Telnyx's Ed25519
/// signature, made within the last 5 minutes (else 401). An inbound <c>message.received</c> whose text is a carrier
/// keyword (STOP, START, …) opts its sender out of (or back into) texts from the organization it was sent to.
/// </summary>
public sealed class SmsInboundApi(TelnyxSignature signature, SmsOptOuts optOuts)
{
    const int MaxBytes = 256 * 1024;

    public async Task<IResult> ReceiveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is over {MaxBytes / 1024} KiB.", "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.14");
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

    /// <summary>The raw bytes (the signature covers them exactly); null when over the limit.</summary>
    static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
