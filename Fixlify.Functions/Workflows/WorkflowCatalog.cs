using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// A kind of node the builder can place: its outgoing handles (<c>null</c>: the one plain "next" edge; <c>true</c>/<c>false</c>
/// from a condition; <c>body</c>/<c>done</c> from a loop) and the JSON Schema of its <c>data.config</c>, or null when the
/// config is not a flat form (a condition's rule groups, an action's per-type config).
/// </summary>
public sealed record StepKind(string Kind, string Description, IReadOnlyList<string?> Handles, Func<JsonObject?> ConfigSchema);

/// <summary>
/// What the builder offers (<c>GET /api/catalog</c>), generated from the code that checks definitions so the two cannot
/// drift: each action's config schema is recorded from its handler's <c>Validate</c> (see <see cref="ConfigSchemaRecorder"/>),
/// delay, loop and retry from the compiler's own readers, trigger configs and schedules from <see cref="TriggerSettings"/>
/// and <see cref="WorkflowSchedule"/>, variables from <see cref="ContextSchema"/>, operators from <see cref="ConditionGroup"/>,
/// filters from <see cref="TemplateFilters"/>.
/// </summary>
public sealed class WorkflowCatalog(IActionTypes actionTypes)
{
    /// <summary>
    /// The node kinds, in the palette's order. A new step kind (e.g. wait_for_reply) is one entry here, with its handles and
    /// its config schema (recorded by its reader through <see cref="StepBodyReader.BodySchema"/>).
    /// </summary>
    public static IReadOnlyList<StepKind> StepKinds { get; } =
    [
        new("trigger", "What starts the workflow: one per workflow, nothing leads into it.", [null], () => null),
        new("action", "Does one thing: sends, calls, records (its type decides its config).", [null], () => null),
        new("condition", "Tests the context and takes the true or the false branch.", ["true", "false"], ConditionSchema),
        new("delay", "Waits a duration, or until a date in the context (± an offset).", [null], () => StepBodyReader.BodySchema("delay")),
        new("loop", "Runs its body for each item of a list, or N times (bounded), then goes on from done.", ["body", "done"], () => StepBodyReader.BodySchema("loop")),
        new("wait_for_reply", "Waits for the client's reply to a text, or the timeout; a condition after it branches on steps.<id>.intent.", [null], () => StepSchemas.All["wait_for_reply"]),
        new("wait_for_event", "Waits for an event about the same record (e.g. the invoice paid), or the timeout.", [null], () => StepSchemas.All["wait_for_event"]),
    ];

    JsonObject? _json;

    /// <summary>The catalog as the API returns it (built once: it depends only on the code).</summary>
    public JsonObject Json => _json ??= Build();

    JsonObject Build()
    {
        var triggers = new JsonArray();
        foreach (var (type, records) in TriggerTypes.All)
        {
            triggers.Add(new JsonObject
            {
                ["type"] = type,
                ["entity"] = TriggerTypes.EntityOf(type),
                ["records"] = new JsonArray([.. records.Select(r => (JsonNode?)r)]),
                ["configSchema"] = TriggerSettings.Schema(type),
                ["scheduleSchema"] = WorkflowSchedule.Schema(type),
                ["variables"] = new JsonArray([.. ContextSchema.For(type).Paths().Select(p => (JsonNode?)p)]),
            });
        }

        var actions = new JsonArray();
        foreach (var handler in actionTypes.Types.Select(actionTypes.Find).OfType<IActionType>())
        {
            var recorder = new ConfigSchemaRecorder();
            handler.Validate(ActionConfigValidation.Recording(recorder, ContextSchema.For("manual")));
            actions.Add(new JsonObject
            {
                ["type"] = handler.ActionType,
                ["configSchema"] = recorder.ToSchema(),
                ["defaultRetry"] = new JsonObject
                {
                    ["maxAttempts"] = handler.DefaultRetry.MaxAttempts,
                    ["firstInterval"] = IsoDuration.Format(handler.DefaultRetry.FirstInterval),
                    ["backoffCoefficient"] = handler.DefaultRetry.BackoffCoefficient,
                    ["maxInterval"] = IsoDuration.Format(handler.DefaultRetry.MaxInterval),
                },
            });
        }

        return new JsonObject
        {
            ["nodeKinds"] = new JsonArray([.. StepKinds.Select(k => (JsonNode?)new JsonObject
            {
                ["kind"] = k.Kind,
                ["description"] = k.Description,
                ["handles"] = new JsonArray([.. k.Handles.Select(h => (JsonNode?)h)]),
                ["configSchema"] = k.ConfigSchema(),
            })]),
            ["triggers"] = triggers,
            ["actions"] = actions,
            ["retrySchema"] = StepBodyReader.BodySchema("retry"),
            ["onlyIfSchema"] = ConditionSchema(),
            ["operators"] = new JsonArray([.. ConditionGroup.Operators.Select(o => (JsonNode?)o)]),
            ["filters"] = new JsonArray([.. TemplateFilters.All.Select(f => (JsonNode?)new JsonObject { ["name"] = f.Name, ["description"] = f.Description })]),
            ["tags"] = new JsonArray([.. TemplateFilters.Tags.Select(t => (JsonNode?)t)]),
            ["maxLoopIterations"] = StepBodyReader.MaxLoopIterations,
        };
    }

    /// <summary>A condition (or an action's onlyIf): <c>{"all"|"any": [rule or group, …]}</c>, rules <c>{field, op, value}</c>.</summary>
    static JsonObject ConditionSchema() => new()
    {
        ["$ref"] = "#/$defs/group",
        ["$defs"] = new JsonObject
        {
            ["group"] = new JsonObject
            {
                ["type"] = "object",
                ["oneOf"] = new JsonArray(Match("all"), Match("any")),
            },
            ["rule"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("field", "op"),
                ["properties"] = new JsonObject
                {
                    ["field"] = new JsonObject { ["type"] = "string", ["x-context-path"] = "any" },
                    ["op"] = new JsonObject { ["enum"] = new JsonArray([.. ConditionGroup.Operators.Select(o => (JsonNode?)o)]) },
                    ["value"] = new JsonObject(),
                },
            },
        },
    };

    static JsonObject Match(string match) => new()
    {
        ["required"] = new JsonArray(match),
        ["properties"] = new JsonObject
        {
            [match] = new JsonObject
            {
                ["type"] = "array", ["minItems"] = 1,
                ["items"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/$defs/group" }, new JsonObject { ["$ref"] = "#/$defs/rule" }) },
            },
        },
    };
}
