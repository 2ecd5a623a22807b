using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// A kind of node the builder can place: its outgoing handles (<c>null</c>: the one plain "next" edge; <c>true</c>/<c>false</c>
/// from a condition; <c>body</c>/<c>done</c> from a loop) and the JSON Schema of its <c>data.config</c>, or null when the
/// config is not a flat form (a condition's rule groups, an action's per-type config).
/// </summary>
internal sealed record StepKind(string Kind, string Label, string Description, IReadOnlyList<string?> Handles, Func<JsonObject?> ConfigSchema, IReadOnlyList<RecordField> Outputs);

/// <summary>
/// What the builder offers (<c>GET /api/catalog</c>), generated from the code that checks definitions so the two cannot
/// drift: each action's config schema is recorded from its handler's <c>Validate</c> (see <see cref="ConfigSchemaRecorder"/>),
/// delay, loop and retry from the compiler's own readers, trigger configs and schedules from <see cref="TriggerSettings"/>
/// and <see cref="WorkflowSchedule"/>, variables from <see cref="ContextSchema"/>, operators from <see cref="ConditionGroup"/>,
/// filters from <see cref="TemplateFilters"/>.
/// </summary>
internal sealed class WorkflowCatalog(IActionTypes actionTypes)
{
    /// <summary>
    /// What a time trigger's event says beside its record, for a chip in a message (issue 22: texts carry the real figure —
    /// an invoice found 10 days past due says 10, whatever the threshold).
    /// </summary>
    static readonly Dictionary<string, RecordField[]> TriggerFigures = new(StringComparer.Ordinal)
    {
        ["invoice_overdue"] = [new("daysActuallyOverdue", "Days past due", FieldKind.Number), new("daysOverdue", "Days past due that start this automation", FieldKind.Number)],
        ["client_inactive"] = [new("inactiveDays", "Days without a job that start this automation", FieldKind.Number), new("lastActivityAt", "Last job or visit", FieldKind.Datetime)],
        ["job_overdue"] = [new("overdueSince", "Late since", FieldKind.Datetime)],
    };

    /// <summary>
    /// The node kinds, in the palette's order. A new step kind (e.g. wait_for_reply) is one entry here, with its handles and
    /// its config schema (recorded by its reader through <see cref="StepBodyReader.BodySchema"/>).
    /// </summary>
    public static IReadOnlyList<StepKind> StepKinds { get; } =
    [
        new("trigger", "Start", "What starts the automation: one per automation, nothing leads into it.", [null], () => null, []),
        new("action", "Do something", "Does one thing: sends a message, creates a task, updates a record (its type decides its settings).", [null], () => null, []),
        new("condition", "Check", "Checks the records or an earlier step's result, and goes on by the Yes or the No path.", ["true", "false"], ConditionSchema, []),
        new("delay", "Wait", "Waits for a while, until a date of the record (before or after it), or until a fixed date and time.", [null], () => StepBodyReader.BodySchema("delay"), []),
        new("loop", "Repeat", "Repeats its steps for each item of a list, or a number of times, then goes on.", ["body", "done"], () => StepBodyReader.BodySchema("loop"), []),
        new("wait_for_reply", "Wait for a reply", "Waits for the client to answer a text, or until the time is up; a check after it can go by what they meant.", [null], () => StepSchemas.All["wait_for_reply"],
        [
            new("intent", "What they meant", FieldKind.Choice, ReplyIntentChoices()),
            new("reply", "What they wrote", FieldKind.Text),
            new("receivedAt", "When they answered", FieldKind.Datetime),
            new("timeoutAt", "When the wait ends", FieldKind.Datetime, Hidden: true),
        ]),
        new("wait_for_event", "Wait for something to happen", "Waits until something happens to the same record (such as the invoice being paid), or until the time is up.", [null], () => StepSchemas.All["wait_for_event"],
        [
            new("happened", "It happened in time", FieldKind.Boolean),
            new("eventType", "What happened", FieldKind.Text, Hidden: true),
            new("at", "When it happened", FieldKind.Datetime),
            new("timeoutAt", "When the wait ends", FieldKind.Datetime, Hidden: true),
        ]),
    ];

    JsonObject? _json;

    /// <summary>The catalog as the API returns it (built once: it depends only on the code).</summary>
    public JsonObject Json => _json ??= Build();

    JsonObject Build()
    {
        var triggers = new JsonArray();
        foreach (var trigger in TriggerType.All)
        {
            var type = trigger.Name;
            triggers.Add(new JsonObject
            {
                ["type"] = type,
                ["entity"] = trigger.Entity,
                ["records"] = new JsonArray([.. trigger.Records.Select(r => (JsonNode?)r)]),
                ["label"] = trigger.Words.Label,
                ["description"] = trigger.Words.Description,
                ["sentence"] = trigger.Words.Sentence,
                ["configSchema"] = PlainSchema.Titled(TriggerSettings.Schema(type)),
                ["scheduleSchema"] = PlainSchema.Titled(WorkflowSchedule.Schema(type)),
                ["variables"] = new JsonArray([.. ContextSchema.For(trigger).Paths().Select(p => (JsonNode?)p)]),
                ["figures"] = new JsonArray([.. (TriggerFigures.GetValueOrDefault(type) ?? []).Select(f => (JsonNode?)f.ToJson("trigger"))]),
            });
        }

        var actions = new JsonArray();
        foreach (var handler in actionTypes.Types.Select(actionTypes.Find).OfType<IActionType>())
        {
            var recorder = new ConfigSchemaRecorder();
            handler.Validate(ActionConfigValidation.Recording(recorder, ContextSchema.For(TriggerType.Manual)));
            actions.Add(new JsonObject
            {
                ["type"] = handler.ActionType,
                ["label"] = handler.Words.Label,
                ["description"] = handler.Words.Description,
                ["sentence"] = handler.Words.Sentence,
                ["outputs"] = handler.Words.OutputsJson(),
                ["configSchema"] = PlainSchema.Titled(recorder.ToSchema()),
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
                ["label"] = k.Label,
                ["description"] = k.Description,
                ["handles"] = new JsonArray([.. k.Handles.Select(h => (JsonNode?)h)]),
                ["configSchema"] = PlainSchema.Titled(k.ConfigSchema()),
                ["outputs"] = new JsonArray([.. k.Outputs.Select(o => (JsonNode?)o.ToJson())]),
            })]),
            ["triggers"] = triggers,
            ["actions"] = actions,
            ["records"] = new JsonArray([.. ContextRecords.All.Append(ContextRecords.Technicians).Select(r => (JsonNode?)r.ToJson())]),
            ["retrySchema"] = PlainSchema.Titled(StepBodyReader.BodySchema("retry")),
            ["onlyIfSchema"] = ConditionSchema(),
            ["operators"] = new JsonArray([.. ConditionGroup.Operators.Select(o => (JsonNode?)o)]),
            ["filters"] = new JsonArray([.. TemplateFilters.All.Select(f => (JsonNode?)new JsonObject { ["name"] = f.Name, ["description"] = f.Description })]),
            ["tags"] = new JsonArray([.. TemplateFilters.Tags.Select(t => (JsonNode?)t)]),
            ["operatorLabels"] = new JsonArray([.. ConditionGroup.OperatorLabels.Select(o => (JsonNode?)new JsonObject
            {
                ["op"] = o.Op, ["label"] = o.Label, ["value"] = o.Value,
                ["kinds"] = new JsonArray([.. o.Kinds.Select(k => (JsonNode?)RecordField.KindName(k))]),
                ["fixedValue"] = o.FixedValue?.DeepClone(),
            })]),
            ["dateFormats"] = new JsonArray([.. TemplateFilters.DateFormats.Select(f => (JsonNode?)new JsonObject
            {
                ["format"] = f.Format, ["example"] = f.Example, ["kinds"] = new JsonArray([.. f.Kinds.Select(k => (JsonNode?)RecordField.KindName(k))]),
            })]),
            ["moneyFilter"] = TemplateFilters.MoneyFilter,
            ["maxLoopIterations"] = StepBodyReader.MaxLoopIterations,
        };
    }

    /// <summary>The intents a reply can have by default, and the engine's own (no reply, another answer, opted out), in words.</summary>
    static IReadOnlyList<FieldChoice> ReplyIntentChoices() =>
    [
        .. WaitStepReader.DefaultIntents.Select(i => new FieldChoice(i.Name, WaitStepReader.IntentLabel(i.Name))),
        .. WaitStepReader.ReservedIntents.Select(i => new FieldChoice(i, WaitStepReader.IntentLabel(i))),
    ];

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
                    ["field"] = new JsonObject { ["type"] = "string", ["x-context-path"] = "any", ["title"] = "Field", ["description"] = "What to check, such as the invoice's status." },
                    ["op"] = new JsonObject
                    {
                        ["enum"] = new JsonArray([.. ConditionGroup.Operators.Select(o => (JsonNode?)o)]), ["title"] = "Comparison",
                        ["x-enum-labels"] = new JsonArray([.. ConditionGroup.Operators.Select(o => (JsonNode?)ConditionGroup.OperatorLabels.First(l => l.Op == o).Label)]),
                    },
                    ["value"] = new JsonObject { ["title"] = "Value" },
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
                ["type"] = "array", ["minItems"] = 1, ["title"] = match == "all" ? "All of these are true" : "Any of these is true",
                ["items"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/$defs/group" }, new JsonObject { ["$ref"] = "#/$defs/rule" }) },
            },
        },
    };
}
