using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary>
/// <c>api_call</c>: calls an HTTP API (method, url, headers and body from templates) and makes its JSON answer the
/// step's output, saved under <c>saveAs</c> for later conditions and templates. Redirects are followed, each hop
/// checked again. POST and PATCH are side effects: every attempt sends the same <c>Idempotency-Key</c>, and once a
/// success is recorded a replayed attempt does not send again.
/// </summary>
internal sealed class ApiCallHandler(GuardedHttpClient http, TenantDatabase database, TemplateRenderer templates, TimeProvider clock) : IActionHandler
{
    /// <summary>The largest answer kept; a larger one fails the step (the context travels with every step).</summary>
    public const int MaxResponseBytes = 256 * 1024;

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Of an answer that is not JSON, the first characters are kept as a string.</summary>
    const int TextExcerptChars = 4 * 1024;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);

    static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    static readonly HashSet<string> Framing = new(StringComparer.OrdinalIgnoreCase) { "Host", "Content-Length", "Transfer-Encoding", "Connection", IdempotencyKeyHeader };

    /// <summary>Namespace of idempotency keys (UUID v5 of "executionId/stepKey").</summary>
    static readonly Guid KeyNamespace = Guid.Parse("9d0e4c61-2f7a-4b58-a3c6-e81f05b9d274");

    public string ActionType => "api_call";

    public ActionWords Words { get; } = new(
        "Call another app", "Asks another app's web address for information; its answer (whatever the app sends back) is kept for later steps.", "call another app",
        []);

    public RetrySettings DefaultRetry { get; } = new(3, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("method", "url", "headers", "body", "timeout", "saveAs");
        validation.Words("body", "Request body", "What to send to the app (not for GET).");
        validation.Words("timeout", "Time limit", "How long to wait for the app's answer.");
        var method = validation.Text("method", required: false, Methods);
        validation.HttpUrl("url");
        validation.Headers("headers", IsReserved);
        validation.JsonTemplates("body");
        validation.Rule(new JsonObject
        {
            ["if"] = new JsonObject { ["anyOf"] = new JsonArray(
                new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray("method") } },
                new JsonObject { ["properties"] = new JsonObject { ["method"] = new JsonObject { ["const"] = "GET" } } }) },
            ["then"] = new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray("body") } },
        });
        if (validation.Config["body"] is not null && (method ?? "GET") is "GET")
        {
            validation.Error("body", "A GET request takes no body: use POST, PUT or PATCH.");
        }

        validation.Timeout("timeout", TimeSpan.FromSeconds(1), MaxTimeout);
        validation.SaveAs("saveAs");
    }

    public static bool IsReserved(string header) => Framing.Contains(header);

    /// <summary>The key every attempt of a step's POST or PATCH sends: the API does the request once.</summary>
    public static string IdempotencyKey(Guid executionId, string stepKey) =>
        UUIDNext.Uuid.NewNameBased(KeyNamespace, $"{executionId}/{stepKey}").ToString();

    public async Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var method = request.Config["method"]?.GetValue<string>() ?? "GET";
        var saveAs = request.Config["saveAs"]?.GetValue<string>();
        var sideEffect = method is "POST" or "PATCH";
        if (sideEffect)
        {
            await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
            if (await DeliveryLedger.FindAsync(transaction, request.ExecutionId, request.StepKey, cancellationToken) is { Status: DeliveryStatus.Sent } done)
            {
                return new ActionOutcome(ActionStatus.Completed, done.Result?["body"]?.DeepClone(), $"{method} already sent", saveAs);
            }
        }

        var (url, headers, _, body, contentType) = await RenderAsync(request);
        var key = sideEffect ? IdempotencyKey(request.ExecutionId, request.StepKey) : null;
        if (key is not null)
        {
            headers.Add(new(IdempotencyKeyHeader, key));
        }

        var timeout = Timeout(request.Config);
        var result = await HttpCall.SendAsync(
            http, clock, ActionType, new OutboundRequest(new HttpMethod(method), url, headers, body, contentType),
            followRedirects: true, timeout, MaxResponseBytes, cancellationToken);
        if (!result.IsSuccess)
        {
            throw HttpCall.Failure(ActionType, result, result.Code is >= 300 and < 400 ? $" (still redirecting after {GuardedHttpClient.MaxRedirects} redirects, or no Location)" : "");
        }

        if (result.Body.Truncated)
        {
            throw new PermanentActionException($"api_call: the answer of {GuardedHttpClient.Origin(result.Url)} is larger than the {MaxResponseBytes / 1024} KiB cap.");
        }

        var output = Read(result);
        if (sideEffect)
        {
            await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
            var recorded = new JsonObject { ["statusCode"] = result.Code, ["body"] = output?.DeepClone() };
            if (await DeliveryLedger.RecordAsync(transaction, request.OrganizationId, request.ExecutionId, request.StepKey, "api_call", DeliveryStatus.Sent, null, key, recorded, cancellationToken))
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }

        return new ActionOutcome(ActionStatus.Completed, output, $"{method} {url.Host}: {result.Code} in {(long)result.Duration.TotalMilliseconds} ms", saveAs);
    }

    /// <summary>
    /// The request the step would send at <paramref name="at"/>: method, URL, headers and body, rendered. Not sent: its
    /// answer, the step's output (and its <c>saveAs</c>), is unknown to a dry run.
    /// </summary>
    public async Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var method = request.Config["method"]?.GetValue<string>() ?? "GET";
        var saveAs = request.Config["saveAs"]?.GetValue<string>();
        var (url, headers, rendered, _, contentType) = await RenderAsync(request);
        if (contentType is not null && !headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Content-Type", contentType));
        }

        var shown = new JsonObject
        {
            ["method"] = method,
            ["url"] = url.ToString(),
            ["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
            ["body"] = rendered,
            ["timeout"] = $"{Timeout(request.Config).TotalSeconds:0.#} s",
            ["saveAs"] = saveAs,
        };
        var note = "not called in a dry run: its answer is unknown" + (saveAs is null ? "" : $", so '{saveAs}' is empty for the steps after it");
        return ActionPreview.Unanswered(shown, note, saveAs);
    }

    /// <summary>The URL, the step's headers and the body (as shown, and as sent with its content type), rendered.</summary>
    async Task<(Uri Url, List<KeyValuePair<string, string>> Headers, JsonNode? Rendered, byte[]? Body, string? ContentType)> RenderAsync(ActionRequest request)
    {
        var url = await HttpCall.RenderUrlAsync(templates, ActionType, request.Config, request.Context);
        var headers = await HttpCall.RenderHeadersAsync(templates, ActionType, request.Config, request.Context);
        switch (request.Config["body"])
        {
            case null:
                return (url, headers, null, null, null);
            case JsonValue value when value.TryGetValue<string>(out var text):
                var rendered = await templates.RenderAsync(text, request.Context);
                return (url, headers, JsonValue.Create(rendered), Encoding.UTF8.GetBytes(rendered), "text/plain; charset=utf-8");
            case var json:
                var body = await templates.RenderJsonAsync(json, request.Context);
                return (url, headers, body, Encoding.UTF8.GetBytes(body?.ToJsonString() ?? "null"), "application/json");
        }
    }

    static TimeSpan Timeout(JsonObject config) =>
        config["timeout"] is JsonValue t && IsoDuration.TryParse(t.ToString(), out var given) ? given : DefaultTimeout;

    /// <summary>The answer as the step's output: parsed JSON, else a text excerpt; null when empty.</summary>
    static JsonNode? Read(HttpCallResult result)
    {
        if (result.Body.Bytes.Length == 0)
        {
            return null;
        }

        var looksJson = result.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
            || result.Body.Bytes.SkipWhile(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n').FirstOrDefault() is (byte)'{' or (byte)'[';
        if (looksJson)
        {
            try
            {
                return JsonNode.Parse(result.Body.Bytes);
            }
            catch (JsonException)
            {
                // Not JSON after all: kept as text.
            }
        }

        var text = Encoding.UTF8.GetString(result.Body.Bytes);
        return JsonValue.Create(text.Length > TextExcerptChars ? text[..TextExcerptChars] : text);
    }
}
