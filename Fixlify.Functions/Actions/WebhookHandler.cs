using System.Text;
using System.Text.Json.Nodes;
using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary>
/// <c>webhook</c>: POSTs JSON signed per the Standard Webhooks spec with the organization's secret. The message id is
/// derived from the execution and step, so every attempt carries the same <c>webhook-id</c> and the receiver can drop
/// repeats; once a 2xx is recorded, a replayed attempt does not post again. 2xx within 15 s is success; redirects are
/// not followed (a failure); 408, 429, 5xx and timeouts are retried; other statuses fail the step. Those failures are the
/// receiving host's, counted by its circuit per organization (ADR 0019): when it opens, the step is held ("Held:
/// hooks.example.com is not answering since 08:02") instead of failing, and goes when the host answers again.
/// </summary>
internal sealed class WebhookHandler(GuardedHttpClient http, TenantDatabase database, TemplateRenderer templates, TimeProvider clock, IProviderCircuits circuits) : IActionHandler
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    /// <summary>Of a receiver's answer only an excerpt is kept, for the error message.</summary>
    const int AnswerBytes = 4 * 1024;

    static readonly HashSet<string> Framing = new(StringComparer.OrdinalIgnoreCase) { "Host", "Content-Type", "Content-Length", "Transfer-Encoding", "Connection" };

    /// <summary>What the default payload tells about each record of the context.</summary>
    static readonly Dictionary<string, string[]> Summary = new()
    {
        ["organization"] = ["id", "name"],
        ["client"] = ["id", "first_name", "last_name", "company", "status"],
        ["job"] = ["id", "title", "status", "priority", "scheduled_start", "scheduled_end", "total", "client_id", "technician_id"],
        ["invoice"] = ["id", "number", "status", "total", "amount_paid", "due_date", "client_id", "job_id"],
        ["estimate"] = ["id", "number", "status", "total", "valid_until", "client_id", "job_id"],
        ["technician"] = ["id", "first_name", "last_name", "is_active"],
    };

    public string ActionType => "webhook";

    public ActionWords Words { get; } = new(
        "Notify another app", "Sends the event's details to another app's web address (a signed webhook).", "notify another app",
        [new("statusCode", "Answer code", FieldKind.Number), new("durationMs", "Time taken (ms)", FieldKind.Number, Hidden: true),
         new("webhookId", "Delivery id", FieldKind.Id, Hidden: true)]);

    /// <summary>Its templates; without a payload, the default payload's trigger, workflow, execution and record summaries.</summary>
    public IEnumerable<string> Reads(JsonObject config) =>
        config.ContainsKey("payload")
            ? PlanReads.TemplatePaths(config)
            : PlanReads.TemplatePaths(config).Concat(["trigger", "workflow", "execution"]).Concat(Summary.SelectMany(r => r.Value.Select(f => $"{r.Key}.{f}")));

    public RetrySettings DefaultRetry { get; } = new(5, TimeSpan.FromSeconds(15), 4, TimeSpan.FromHours(1));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("url", "payload", "headers");
        validation.HttpUrl("url");
        validation.JsonTemplates("payload");
        validation.Headers("headers", IsReserved);
    }

    /// <summary>The signature headers and the body's framing are the action's own.</summary>
    public static bool IsReserved(string header) => header.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase) || Framing.Contains(header);

    public async Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var messageId = StandardWebhooks.MessageId(request.ExecutionId, request.StepKey);
        byte[] key;
        await using (var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken))
        {
            if (await DeliveryLedger.FindAsync(transaction, request.ExecutionId, request.StepKey, cancellationToken) is { Status: DeliveryStatus.Sent } done)
            {
                return ActionOutcome.Completed(done.Result, "webhook already delivered");
            }

            key = await SigningKeyAsync(transaction, request.OrganizationId, cancellationToken);
        }

        var (url, payload, headers) = await RenderAsync(request, clock.GetUtcNow());
        var body = payload?.ToJsonString() ?? "null";
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        headers.Add(new(StandardWebhooks.IdHeader, messageId));
        headers.Add(new(StandardWebhooks.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        headers.Add(new(StandardWebhooks.SignatureHeader, StandardWebhooks.Sign(key, messageId, timestamp, body)));

        var host = Provider.Webhook(url.Authority);
        if (!request.Released && await circuits.HoldIfOpenAsync(request, host, cancellationToken) is { } open)
        {
            // The host is not answering (its circuit is open): held, not tried.
            throw new ProviderHeldException(open);
        }

        HttpCallResult result;
        try
        {
            result = await HttpCall.SendAsync(
                http, clock, ActionType, new OutboundRequest(HttpMethod.Post, url, headers, Encoding.UTF8.GetBytes(body), "application/json"),
                followRedirects: false, Deadline, AnswerBytes, cancellationToken);
            if (!result.IsSuccess)
            {
                throw HttpCall.Failure(ActionType, result, result.Code is >= 300 and < 400 ? " (webhooks do not follow redirects)" : "");
            }
        }
        catch (Exception e) when (ProviderFailures.Cause(e) is { } cause)
        {
            // Unreachable, a timeout, 408, 429, 5xx: the host's fault, not the webhook's (a 4xx still fails at once).
            if (await circuits.FailedAsync(request, host, cause, request.FinalAttempt, CancellationToken.None) is { } held)
            {
                throw new ProviderHeldException(held, e);
            }

            throw;
        }

        await circuits.AnsweredAsync(request.OrganizationId, host, cancellationToken);

        var output = new JsonObject
        {
            ["statusCode"] = result.Code,
            ["durationMs"] = (long)result.Duration.TotalMilliseconds,
            ["webhookId"] = messageId,
        };
        await using (var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken))
        {
            if (!await DeliveryLedger.RecordAsync(transaction, request.OrganizationId, request.ExecutionId, request.StepKey, "webhook", DeliveryStatus.Sent, null, messageId, output, cancellationToken))
            {
                // Another attempt recorded it first; the receiver saw the same webhook-id twice and drops one.
                var done = await DeliveryLedger.FindAsync(transaction, request.ExecutionId, request.StepKey, cancellationToken);
                return ActionOutcome.Completed(done?.Result ?? output, "webhook already delivered");
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return ActionOutcome.Completed(output, $"webhook to {url.Host}: {result.Code}");
    }

    /// <summary>The request the step would POST at <paramref name="at"/>: URL, headers and payload; not signed and not sent.</summary>
    public async Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using (var transaction = await database.BeginReadOnlyAsync(request.OrganizationId, cancellationToken))
        {
            await SigningKeyAsync(transaction, request.OrganizationId, cancellationToken);
        }

        var (url, payload, headers) = await RenderAsync(request, at);
        var rendered = new JsonObject
        {
            ["method"] = "POST",
            ["url"] = url.ToString(),
            ["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
            ["payload"] = payload,
            ["signed"] = $"{StandardWebhooks.IdHeader}, {StandardWebhooks.TimestampHeader} and {StandardWebhooks.SignatureHeader} are added when it is sent",
        };
        return ActionPreview.Unanswered(rendered, "not sent in a dry run: the receiver's answer (statusCode) is unknown");
    }

    /// <summary>The organization's webhook secret as a signing key; a permanent failure when there is none that works.</summary>
    static async Task<byte[]> SigningKeyAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken)
    {
        var secret = await Organizations.WebhookSecretAsync(transaction, organizationId, cancellationToken);
        return StandardWebhooks.DecodeSecret(secret)
            ?? throw new PermanentActionException("webhook: the organization has no usable webhook secret (whsec_ followed by base64) to sign with.");
    }

    /// <summary>The URL, the payload (the step's, rendered, or the default one) and the step's headers, rendered.</summary>
    async Task<(Uri Url, JsonNode? Payload, List<KeyValuePair<string, string>> Headers)> RenderAsync(ActionRequest request, DateTimeOffset now)
    {
        var url = await HttpCall.RenderUrlAsync(templates, ActionType, request.Config, request.Context);
        var payload = request.Config["payload"] is { } template
            ? await templates.RenderJsonAsync(template, request.Context)
            : DefaultPayload(request.Context, now);
        var headers = await HttpCall.RenderHeadersAsync(templates, ActionType, request.Config, request.Context);
        return (url, payload, headers);
    }

    /// <summary>Standard Webhooks' shape: the event type, a timestamp, and the trigger, workflow, execution and a summary of each record.</summary>
    static JsonObject DefaultPayload(JsonObject context, DateTimeOffset now)
    {
        var trigger = context["trigger"] as JsonObject;
        var data = new JsonObject
        {
            ["trigger"] = trigger?.DeepClone(),
            ["workflow"] = context["workflow"]?.DeepClone(),
            ["execution"] = context["execution"]?.DeepClone(),
        };
        foreach (var (record, fields) in Summary)
        {
            if (context[record] is JsonObject row)
            {
                data[record] = new JsonObject(fields.Where(row.ContainsKey).Select(f => KeyValuePair.Create(f, row[f]?.DeepClone())));
            }
        }

        return new JsonObject
        {
            ["type"] = trigger?["type"]?.ToString() ?? "workflow",
            ["timestamp"] = trigger?["occurredAt"]?.DeepClone() ?? now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data,
        };
    }
}
