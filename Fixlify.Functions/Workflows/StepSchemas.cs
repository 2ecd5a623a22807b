using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// JSON Schemas (draft 2020-12) of the config of the step kinds that are not actions, for the builder's catalog
/// (<c>GET /api/catalog</c>, when it lands, lists them beside the action types'). Built from the values
/// <see cref="WaitStepReader"/> checks against (bounds, event types, reserved intents), so the two cannot drift; what a
/// schema cannot say (a keyword that is a consent keyword, a text that must come before the wait) the compiler still
/// reports with its path.
/// </summary>
internal static class StepSchemas
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
        ["description"] = "Waits for the client's next text after a text sent to them, or until the time is up; a check after it can go by what they meant.",
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("timeout"),
        ["properties"] = new JsonObject
        {
            ["timeout"] = Timeout("How long to wait for the reply, such as 24 hours."),
            ["after"] = new JsonObject
            {
                ["type"] = "string",
            },
            ["intents"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Each meaning with the replies that mean it (case, punctuation and extra spaces do not matter). STOP, CANCEL, START and the other consent words cannot be used: they always stop or restart texts.",
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
        ["description"] = "Waits until something happens to the automation's record (such as its invoice being paid), or until the time is up.",
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("eventType", "timeout"),
        ["properties"] = new JsonObject
        {
            ["eventType"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "What to wait for; it must happen to a record this automation starts with.",
                ["enum"] = new JsonArray([.. TriggerType.RecordEvents.Select(t => (JsonNode?)t.Name)]),
                ["x-enum-labels"] = new JsonArray([.. TriggerType.RecordEvents.Select(t => (JsonNode?)t.Words.Label)]),
            },
            ["timeout"] = Timeout("How long to wait, such as 3 days."),
        },
    };

    static JsonObject Timeout(string description) => new()
    {
        ["type"] = "string",
        ["format"] = "duration",
        ["description"] = $"{description} From {PlainText.Duration(WaitStepReader.MinTimeout)} to {PlainText.Duration(WaitStepReader.MaxTimeout)}.",
    };
}
