using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>One test on the context: <c>{"field": "job.status", "op": "eq", "value": "completed"}</c>.</summary>
internal sealed record ConditionRule(string Field, string Op, JsonNode? Value);

/// <summary>
/// Rules joined by <c>all</c> or <c>any</c>, with nested groups. Written <c>{"all": [rule or group, …]}</c> or
/// <c>{"any": [...]}</c>.
/// </summary>
internal sealed record ConditionGroup(string Match, IReadOnlyList<ConditionRule> Rules, IReadOnlyList<ConditionGroup> Groups)
{
    public static readonly IReadOnlyList<string> Operators = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "exists", "changed_to"];

    static readonly FieldKind[] Comparable = [FieldKind.Text, FieldKind.LongText, FieldKind.Choice, FieldKind.Number, FieldKind.Money, FieldKind.Boolean, FieldKind.Email, FieldKind.Phone, FieldKind.Id, FieldKind.Date, FieldKind.Datetime];
    static readonly FieldKind[] Amounts = [FieldKind.Number, FieldKind.Money];
    static readonly FieldKind[] Moments = [FieldKind.Date, FieldKind.Datetime];
    static readonly FieldKind[] Every = Enum.GetValues<FieldKind>();

    /// <summary>
    /// Every operator in words, by the kinds of field it fits (an operator may have one label for numbers and another for
    /// dates), as the builder's menus show them. Each of <see cref="Operators"/> has at least one.
    /// </summary>
    public static IReadOnlyList<OperatorLabel> OperatorLabels { get; } =
    [
        new("eq", "is", "one", Comparable),
        new("ne", "is not", "one", Comparable),
        new("gt", "is more than", "one", Amounts),
        new("gt", "is after", "one", Moments),
        new("gte", "is at least", "one", Amounts),
        new("gte", "is on or after", "one", Moments),
        new("lt", "is less than", "one", Amounts),
        new("lt", "is before", "one", Moments),
        new("lte", "is at most", "one", Amounts),
        new("lte", "is on or before", "one", Moments),
        new("in", "is one of", "many", [FieldKind.Choice, FieldKind.Text, FieldKind.Number, FieldKind.Id, FieldKind.List]),
        new("contains", "contains", "one", [FieldKind.Text, FieldKind.LongText, FieldKind.Email, FieldKind.List]),
        new("exists", "is filled in", "none", Every),
        new("exists", "is empty", "none", Every, false),
        new("changed_to", "just changed to", "one", [FieldKind.Choice, FieldKind.Text, FieldKind.Number, FieldKind.Money, FieldKind.Boolean, FieldKind.Date, FieldKind.Datetime, FieldKind.Id]),
    ];

    /// <summary>Reads a group, adding every problem to <paramref name="errors"/> under <paramref name="path"/>.</summary>
    public static ConditionGroup? Read(JsonNode? node, string path, ContextSchema schema, ICollection<FieldError> errors)
    {
        if (node is not JsonObject group)
        {
            errors.Add(new FieldError(path, "This check cannot be read: fix it in code view."));
            return null;
        }

        var match = group.ContainsKey("all") ? "all" : group.ContainsKey("any") ? "any" : null;
        if (match is null || (group.ContainsKey("all") && group.ContainsKey("any")))
        {
            errors.Add(new FieldError(path, "Choose whether all of the rules, or any of them, must be true."));
            return null;
        }

        if (group[match] is not JsonArray items || items.Count == 0)
        {
            errors.Add(new FieldError($"{path}.{match}", "Add a rule to check."));
            return null;
        }

        var rules = new List<ConditionRule>();
        var groups = new List<ConditionGroup>();
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}.{match}[{i}]";
            if (items[i] is JsonObject nested && (nested.ContainsKey("all") || nested.ContainsKey("any")))
            {
                if (Read(nested, itemPath, schema, errors) is { } inner)
                {
                    groups.Add(inner);
                }
            }
            else if (ReadRule(items[i], itemPath, schema, errors) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return new ConditionGroup(match, rules, groups);
    }

    static ConditionRule? ReadRule(JsonNode? node, string path, ContextSchema schema, ICollection<FieldError> errors)
    {
        if (node is not JsonObject rule)
        {
            errors.Add(new FieldError(path, "This rule cannot be read: fix it in code view."));
            return null;
        }

        var field = (rule["field"] as JsonValue)?.TryGetValue<string>(out var f) == true ? f : null;
        var op = (rule["op"] as JsonValue)?.TryGetValue<string>(out var o) == true ? o : null;
        var ok = true;
        if (string.IsNullOrWhiteSpace(field))
        {
            errors.Add(new FieldError($"{path}.field", "Choose the field to check."));
            ok = false;
        }
        else if (schema.Explain(field) is { } unknown)
        {
            errors.Add(new FieldError($"{path}.field", unknown));
            ok = false;
        }

        if (op is null || !Operators.Contains(op))
        {
            errors.Add(new FieldError($"{path}.op", "Choose how to compare, such as “is” or “is more than”."));
            ok = false;
        }
        else if (op != "exists" && !rule.ContainsKey("value"))
        {
            errors.Add(new FieldError($"{path}.value", $"Enter the value to compare {PlainText.Field(field ?? "")} with."));
            ok = false;
        }
        else if (op == "in" && rule["value"] is not JsonArray)
        {
            errors.Add(new FieldError($"{path}.value", "Choose one or more values."));
            ok = false;
        }
        else if (op is "gt" or "gte" or "lt" or "lte" && RuleValue.Number(rule["value"]) is null && RuleValue.Instant(rule["value"]) is null)
        {
            errors.Add(new FieldError($"{path}.value", "Enter a number or a date to compare with."));
            ok = false;
        }
        else if (op == "exists" && rule["value"] is { } flag && !(flag is JsonValue v && v.TryGetValue<bool>(out _)))
        {
            errors.Add(new FieldError($"{path}.value", "Choose “is filled in” or “is empty”."));
            ok = false;
        }

        return ok ? new ConditionRule(field!, op!, rule["value"]?.DeepClone()) : null;
    }
}
