using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// JSON Schemas (draft 2020-12) of the config of the step kinds that are not actions, for the builder's catalog
/// (<c>GET /api/catalog</c>, when it lands, lists them beside the action types'). Built from the values
/// <see cref="WaitStepReader"/> checks against (bounds, event types, reserved intents), so the two cannot drift; what a
/// schema cannot say (a keyword that is a consent keyword, a text that must come before the wait) the compiler still
/// reports with its path.
/// </summary>
public static class StepSchemas
{
    /// <summary>Step kind → the JSON Schema of its <c>config</c>.</summary>
    public static IReadOnlyDictionary<string, JsonObject> All => new Dictionary<string, JsonObject>(StringComparer.Ordinal)
    {
        ["wait_for_reply"] = WaitForReply(),
        ["wait_for_event"] = WaitForEvent(),
    };

    static JsonObject WaitForReply() => new()
    {
        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
        ["title"] = "Wait for the client's reply",
        ["description"] = "Waits for the client's next text after a text sent to them, or the timeout. Output steps.<id>: {reply, intent, receivedAt, timeoutAt}; intent is an intent's name, 'other', 'opted_out' or 'none' (no reply in time).",
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("timeout"),
        ["properties"] = new JsonObject
        {
            ["timeout"] = Timeout("How long to wait for the reply, e.g. PT24H."),
            ["after"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "The id of the text (send_sms, or send_message with an sms channel, to the client) whose reply this waits for; default: the nearest one before this step.",
            },
            ["intents"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"Intent name → the replies that mean it, compared ignoring case, surrounding punctuation and extra spaces. Replaces the default. Consent keywords (STOP, CANCEL, START, …) may not be used. Reserved names: {string.Join(", ", WaitStepReader.ReservedIntents)}.",
                ["minProperties"] = 1,
                ["maxProperties"] = WaitStepReader.MaxIntents,
                ["propertyNames"] = new JsonObject
                {
                    ["pattern"] = "^[a-z][a-z0-9_]*$",
                    ["not"] = new JsonObject { ["enum"] = new JsonArray([.. WaitStepReader.ReservedIntents.Select(r => (JsonNode?)r)]) },
                },
                ["additionalProperties"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["maxItems"] = WaitStepReader.MaxKeywords,
                    ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = "[\\p{L}\\p{N}]" },
                },
                ["default"] = new JsonObject([.. WaitStepReader.DefaultIntents.Select(i =>
                    new KeyValuePair<string, JsonNode?>(i.Name, new JsonArray([.. i.Keywords.Select(k => (JsonNode?)k)])))]),
            },
        },
    };

    static JsonObject WaitForEvent() => new()
    {
        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
        ["title"] = "Wait for something to happen to the record",
        ["description"] = "Waits until an event of the type happens to the execution's record of that kind (invoice_paid: its invoice), or the timeout. Output steps.<id>: {happened, eventType, at, timeoutAt}.",
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("eventType", "timeout"),
        ["properties"] = new JsonObject
        {
            ["eventType"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "The event to wait for; its record (job, invoice, client, estimate) must be one the workflow's trigger provides.",
                ["enum"] = new JsonArray([.. TriggerTypes.RecordEvents.Select(t => (JsonNode?)t)]),
            },
            ["timeout"] = Timeout("How long to wait, e.g. P3D."),
        },
    };

    static JsonObject Timeout(string description) => new()
    {
        ["type"] = "string",
        ["format"] = "duration",
        ["description"] = $"{description} ISO-8601, from {IsoDuration.Format(WaitStepReader.MinTimeout)} to {IsoDuration.Format(WaitStepReader.MaxTimeout)}.",
    };
}
