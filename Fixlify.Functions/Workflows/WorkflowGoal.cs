using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// What a workflow is for, read from the business's own records within <see cref="WithinDays"/> of an execution's start
/// (<c>triggerConfig.goal</c>): <c>{"kind": "invoice_paid", "withinDays": 14}</c>, or
/// <c>{"kind": "rule", "withinDays": 7, "rule": {"all": [{"field": "job.status", "op": "eq", "value": "completed"}]}}</c>
/// about the trigger's record. docs/engine.md "Goals and outcomes" says how each kind is read and which execution it counts for.
/// </summary>
internal sealed record WorkflowGoal(GoalKind Kind, int WithinDays, ConditionGroup? Rule)
{
    public const string Path = "triggerConfig.goal";
    public const int MaxDays = 365;

    /// <summary>Reads <c>triggerConfig.goal</c> for a workflow started by <paramref name="trigger"/>; null (with errors under its path) when it is not one.</summary>
    public static WorkflowGoal? Read(JsonNode? node, TriggerType trigger, ContextSchema schema, ICollection<FieldError> errors)
    {
        var before = errors.Count;
        if (node is not JsonObject config)
        {
            errors.Add(new FieldError(Path, "Choose the goal: what in your records shows the automation worked, and within how many days."));
            return null;
        }

        foreach (var (key, _) in config)
        {
            if (key is not ("kind" or "withinDays" or "rule"))
            {
                errors.Add(new FieldError($"{Path}.{key}", "The goal has a setting it does not know: remove it in code view."));
            }
        }

        var kind = GoalKind.Find(config["kind"]?.GetValueKind() == JsonValueKind.String ? config["kind"]!.GetValue<string>() : null);
        if (kind is null || !kind.Fits(trigger))
        {
            var fitting = GoalKind.All.Where(k => k.Fits(trigger)).Select(k => k.Words);
            errors.Add(new FieldError($"{Path}.kind", trigger.Entity is null
                ? "This start is not about a record, so there is nothing to measure a goal on: remove the goal."
                : $"Not a goal this start's record can reach: choose {PlainText.List(fitting)}."));
        }

        var days = TriggerSettings.Whole(config["withinDays"]);
        if (days is not (>= 1 and <= MaxDays))
        {
            errors.Add(new FieldError($"{Path}.withinDays", $"Enter a whole number of days from 1 to {MaxDays}."));
        }

        ConditionGroup? rule = null;
        if (kind == GoalKind.Rule)
        {
            rule = ConditionGroup.Read(config["rule"], $"{Path}.rule", schema, errors);
            foreach (var field in rule is null ? [] : Fields(rule))
            {
                if (!field.StartsWith($"{trigger.Entity}.", StringComparison.Ordinal))
                {
                    errors.Add(new FieldError($"{Path}.rule", $"A goal's rule is about the {trigger.Entity} that started the automation: {PlainText.Field(field)} is not one of its fields."));
                }
            }
        }
        else if (config.ContainsKey("rule"))
        {
            errors.Add(new FieldError($"{Path}.rule", "Only a goal that is a rule has a rule: remove it, or choose the rule goal."));
        }

        return kind is not null && days is { } within && errors.Count == before ? new WorkflowGoal(kind, within, rule) : null;
    }

    /// <summary>The goal in the builder's words: "the invoice is paid within 14 days".</summary>
    public string Words()
    {
        var what = Kind == GoalKind.Rule && Rule is not null ? RuleWords(Rule) : Kind.Words;
        return $"{what} within {PlainText.Count(WithinDays, "day")}";
    }

    /// <summary>A rule in words: "Job › Status is Completed and Job › Total is more than 500".</summary>
    public static string RuleWords(ConditionGroup group)
    {
        var parts = group.Rules.Select(r =>
        {
            var label = ConditionGroup.OperatorLabels.FirstOrDefault(l => l.Op == r.Op)?.Label ?? r.Op;
            var value = r.Value is null ? "" : " " + PlainText.Value(r.Field, r.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : r.Value.ToJsonString());
            return $"{PlainText.Field(r.Field)} {label}{value}";
        }).Concat(group.Groups.Select(g => $"({RuleWords(g)})"));
        return string.Join(group.Match == "any" ? " or " : " and ", parts);
    }

    static IEnumerable<string> Fields(ConditionGroup group) => group.Rules.Select(r => r.Field).Concat(group.Groups.SelectMany(Fields));

    /// <summary>The JSON Schema of <c>triggerConfig.goal</c> for the builder's form.</summary>
    public static JsonObject Schema() => new()
    {
        ["title"] = "Goal",
        ["description"] = "What in your records shows the automation worked, and within how many days of its start. The metrics count it, and compare with the held-out clients.",
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["kind"] = new JsonObject
            {
                ["title"] = "The goal is reached when",
                ["type"] = "string",
                ["enum"] = new JsonArray([.. GoalKind.All.Select(k => (JsonNode?)k.Name)]),
                ["x-enum-labels"] = new JsonArray([.. GoalKind.All.Select(k => (JsonNode?)(char.ToUpperInvariant(k.Words[0]) + k.Words[1..]))]),
            },
            ["withinDays"] = new JsonObject { ["title"] = "Within (days)", ["type"] = "integer", ["minimum"] = 1, ["maximum"] = MaxDays, ["default"] = 14 },
            // x-rule: edited with the builder's plain condition editor, said as "The goal is reached when Invoice › Status is Paid";
            // x-record-only: its fields are the trigger's record's (Read refuses others).
            ["rule"] = new JsonObject { ["title"] = "The rule", ["type"] = "object", ["x-rule"] = "The goal is reached when", ["x-record-only"] = true },
        },
        ["required"] = new JsonArray("kind", "withinDays"),
        ["additionalProperties"] = false,
    };
}
