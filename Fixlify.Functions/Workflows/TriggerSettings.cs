using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// A workflow's <c>trigger_config</c>: which events of its type it wants (status from/to, amounts, job types, tags…),
/// the time trigger's parameter (days overdue, days inactive, grace minutes), and whether it runs on events an
/// automation caused (<c>allowAutomationOrigin</c>).
/// </summary>
internal static class TriggerSettings
{
    static readonly string[] Common = ["allowAutomationOrigin"];
    static readonly string[] JobFilters = ["jobTypes", "tags", "priorities", "minTotal", "maxTotal"];
    static readonly string[] AmountFilters = ["minAmount", "maxAmount"];
    static readonly string[] ClientFilters = ["tags", "statuses"];

    /// <summary>Keys of a trigger about a record: its exit conditions, one execution per record, its goal and hold-out group.</summary>
    static readonly string[] RecordKeys = ["stopWhen", "onePerRecord", "goal", HoldOutGroup.Key];

    /// <summary><c>onePerRecord</c>: a new trigger for a record with a running execution replaces it, is ignored, or runs beside it.</summary>
    public static readonly IReadOnlyList<string> OnePerRecordChoices = ["replace", "ignore", "allow"];

    /// <summary>The keys a trigger type's config may hold.</summary>
    public static string[] AllowedKeys(string triggerType) => TriggerType.Find(triggerType)?.Entity is null
        ? OwnKeys(triggerType)
        : [.. OwnKeys(triggerType), .. RecordKeys];

    /// <summary>What <paramref name="triggerType"/>'s config holds, whatever about its record.</summary>
    static string[] OwnKeys(string triggerType) => triggerType switch
    {
        "job_status_changed" => [.. Common, .. JobFilters, "fromStatus", "toStatus"],
        "job_overdue" => [.. Common, .. JobFilters, "graceMinutes"],
        _ when triggerType.StartsWith("job_", StringComparison.Ordinal) => [.. Common, .. JobFilters],
        "invoice_overdue" => [.. Common, .. AmountFilters, "daysOverdue"],
        _ when triggerType.StartsWith("invoice_", StringComparison.Ordinal) || triggerType.StartsWith("estimate_", StringComparison.Ordinal) => [.. Common, .. AmountFilters],
        "client_inactive" => [.. Common, .. ClientFilters, "inactiveDays"],
        _ when triggerType.StartsWith("client_", StringComparison.Ordinal) => [.. Common, .. ClientFilters],
        _ => Common,
    };

    public static void Validate(string triggerType, JsonObject config, ICollection<FieldError> errors)
    {
        var allowed = AllowedKeys(triggerType);
        foreach (var (key, value) in config)
        {
            var path = $"triggerConfig.{key}";
            if (!allowed.Contains(key))
            {
                errors.Add(new FieldError(path, "This start has a setting it does not know: remove it in code view."));
                continue;
            }

            var kind = value?.GetValueKind();
            var ok = key switch
            {
                "allowAutomationOrigin" => kind is JsonValueKind.True or JsonValueKind.False,
                "minTotal" or "maxTotal" or "minAmount" or "maxAmount" => kind == JsonValueKind.Number,
                "graceMinutes" => Whole(value) is >= 0 and <= 100_000,
                "daysOverdue" or "inactiveDays" => Whole(value) is >= 1 and <= 3650,
                "fromStatus" or "toStatus" => kind == JsonValueKind.String || (value is JsonArray a && a.All(i => i?.GetValueKind() == JsonValueKind.String)),
                // Its shape here; whether its states fit the trigger's records and its rule, when the workflow compiles (StopWhen.Read).
                "stopWhen" => value is JsonObject stop && stop.All(p => p.Key switch
                {
                    "states" => p.Value is JsonArray states && states.All(i => i?.GetValueKind() == JsonValueKind.String && RecordStates.ByEvent.ContainsKey(i.GetValue<string>())),
                    "rule" => p.Value is JsonObject,
                    _ => false,
                }),
                "onePerRecord" => kind == JsonValueKind.String && OnePerRecordChoices.Contains(value!.GetValue<string>()),
                // Its shape here; whether its kind fits the trigger and its rule, when the workflow compiles (WorkflowGoal.Read).
                "goal" => value is JsonObject goal && goal.All(p => p.Key is "kind" or "withinDays" or "rule"),
                HoldOutGroup.Key => Whole(value) is >= HoldOutGroup.MinPercent and <= HoldOutGroup.MaxPercent,
                _ => value is JsonArray list && list.All(i => i?.GetValueKind() == JsonValueKind.String),
            };
            if (!ok)
            {
                errors.Add(new FieldError(path, key switch
                {
                    "allowAutomationOrigin" => "Choose yes or no.",
                    "minTotal" or "maxTotal" or "minAmount" or "maxAmount" => "Enter an amount.",
                    "graceMinutes" => "Enter a whole number of minutes, 0 or more.",
                    "daysOverdue" or "inactiveDays" => "Enter a whole number of days from 1 to 3650.",
                    "fromStatus" or "toStatus" => "Choose one or more statuses.",
                    "stopWhen" => "Choose when it stops: a state the record reaches, or a rule about it.",
                    "onePerRecord" => "Choose what a new start for the same record does: replace the running one, be ignored, or run beside it.",
                    "goal" => "Choose the goal: what in your records shows the automation worked, and within how many days.",
                    HoldOutGroup.Key => $"Enter a whole percentage from {HoldOutGroup.MinPercent} to {HoldOutGroup.MaxPercent}.",
                    _ => "Choose one or more values.",
                }));
            }
        }

        foreach (var required in new[] { ("invoice_overdue", "daysOverdue"), ("client_inactive", "inactiveDays") })
        {
            if (triggerType == required.Item1 && !config.ContainsKey(required.Item2))
            {
                errors.Add(new FieldError($"triggerConfig.{required.Item2}", required.Item2 == "daysOverdue"
                    ? "Choose how many days after the due date."
                    : "Choose how many days without a job."));
            }
        }
    }

    /// <summary>Whether an event (its payload's new row and from/to) passes the workflow's filters.</summary>
    public static bool Matches(JsonObject config, JsonObject payload)
    {
        var row = payload["new"] as JsonObject ?? [];
        foreach (var (key, value) in config)
        {
            var pass = key switch
            {
                "jobTypes" => OneOf(value, row["job_type"]),
                "priorities" => OneOf(value, row["priority"]),
                "statuses" => OneOf(value, row["status"]),
                "tags" => value is JsonArray wanted && row["tags"] is JsonArray tags && tags.Any(t => wanted.Any(w => w?.ToString() == t?.ToString())),
                "fromStatus" => OneOf(value, payload["from"]),
                "toStatus" => OneOf(value, payload["to"]),
                "minTotal" or "minAmount" => Number(row["total"]) >= Number(value),
                "maxTotal" or "maxAmount" => Number(row["total"]) <= Number(value),
                _ => true,
            };
            if (!pass)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether an event with <paramref name="payload"/> starts a workflow with <paramref name="config"/>: an event an
    /// automation caused (<paramref name="fromAutomation"/>) only when the workflow opts in and the chain is not
    /// <paramref name="maxChainDepth"/> deep yet; then its filters decide. The dispatcher and the backtest both ask this.
    /// </summary>
    public static EventAdmission Admit(JsonObject config, JsonObject payload, bool fromAutomation, int chainDepth, int maxChainDepth) =>
        fromAutomation && !AllowsAutomationOrigin(config) ? EventAdmission.AutomationOrigin
        : fromAutomation && chainDepth >= maxChainDepth ? EventAdmission.ChainTooDeep
        : Matches(config, payload) ? EventAdmission.Starts
        : EventAdmission.FilteredOut;

    public static bool AllowsAutomationOrigin(JsonObject config) =>
        config["allowAutomationOrigin"] is JsonValue flag && flag.TryGetValue<bool>(out var allow) && allow;

    public static int? Whole(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    static bool OneOf(JsonNode? wanted, JsonNode? actual) => wanted switch
    {
        JsonArray list => list.Any(w => w?.ToString() == actual?.ToString()),
        null => true,
        _ => wanted.ToString() == actual?.ToString(),
    };

    static decimal? Number(JsonNode? node) =>
        node is JsonValue value && (value.TryGetValue<decimal>(out var d) || (value.TryGetValue<string>(out var s) && decimal.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out d))) ? d : null;

    // The builder's catalog: the JSON Schema of what Validate accepts, key by key (a test checks the two agree).

    /// <summary>The JSON Schema (draft 2020-12) of <paramref name="triggerType"/>'s <c>triggerConfig</c>.</summary>
    public static JsonObject Schema(string triggerType)
    {
        var properties = new JsonObject();
        foreach (var key in AllowedKeys(triggerType))
        {
            properties[key] = key == "stopWhen" ? StopWhenSchema(triggerType) : KeySchema(key);
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
        if (triggerType is "invoice_overdue" or "client_inactive")
        {
            schema["required"] = new JsonArray(triggerType == "invoice_overdue" ? "daysOverdue" : "inactiveDays");
        }

        return schema;
    }

    static JsonObject KeySchema(string key) => key switch
    {
        "allowAutomationOrigin" => new() { ["type"] = "boolean", ["default"] = false },
        "minTotal" or "maxTotal" or "minAmount" or "maxAmount" => new() { ["type"] = "number" },
        "graceMinutes" => new() { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 100_000 },
        "daysOverdue" or "inactiveDays" => new() { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 3650 },
        "onePerRecord" => new()
        {
            ["title"] = "One execution per record",
            ["description"] = "When the record already has a running execution: replace it with the new one, ignore the new trigger, or allow both.",
            ["type"] = "string",
            ["enum"] = new JsonArray("replace", "ignore", "allow"),
            ["default"] = "allow",
        },
        "goal" => WorkflowGoal.Schema(),
        HoldOutGroup.Key => new()
        {
            ["title"] = "Hold-out group (%)",
            ["description"] = "This share of the records gets nothing from the automation, chosen at random but always the same for a record, so the metrics can show what the automation changed.",
            ["type"] = "integer",
            ["minimum"] = HoldOutGroup.MinPercent,
            ["maximum"] = HoldOutGroup.MaxPercent,
        },
        "fromStatus" or "toStatus" => new()
        {
            ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }),
        },
        _ => new() { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
    };

    /// <summary>
    /// <c>stopWhen</c>'s schema: the states the trigger's records can reach (chosen, each once, by their words: "The invoice
    /// was paid"), or a rule (<c>x-rule</c>: edited with the builder's condition editor, said as "Stop when Invoice › Status is Paid").
    /// </summary>
    static JsonObject StopWhenSchema(string triggerType)
    {
        var records = TriggerType.Find(triggerType)?.Records ?? [];
        var states = RecordStates.ByEvent.Where(s => records.Contains(s.Value.Entity)).ToList();
        return new()
        {
            ["title"] = "Stop when",
            ["description"] = "The execution ends by itself, nothing more sent, when its record reaches one of these states or the rule holds.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["states"] = new JsonObject
                {
                    ["title"] = "The record reaches",
                    ["type"] = "array",
                    ["uniqueItems"] = true,
                    ["items"] = new JsonObject
                    {
                        ["type"] = "string",
                        ["enum"] = new JsonArray([.. states.Select(s => (JsonNode?)s.Key)]),
                        ["x-enum-labels"] = new JsonArray([.. states.Select(s => (JsonNode?)$"The {s.Value.Entity} {s.Value.Words}")]),
                    },
                },
                ["rule"] = new JsonObject { ["title"] = "Or this rule holds", ["type"] = "object", ["x-rule"] = "Stop when" },
            },
            ["additionalProperties"] = false,
        };
    }
}
