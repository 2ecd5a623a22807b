using System.Text.Json;
using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>A rule's result, and why (for the dry run's explanation); the reason is null when there is nothing to add.</summary>
internal sealed record RuleVerdict(bool Result, string? Reason);

/// <summary>
/// Evaluates a condition on an execution's context. Pure and deterministic: it runs in the orchestrator. The
/// semantics (docs/engine.md, "What a rule means", tested case by case in <c>ConditionEvaluatorTests</c>):
/// <list type="bullet">
/// <item><c>exists</c>: present and not blank — false for a missing field, null, an empty or whitespace-only string, an
/// empty list or object (<c>"value": false</c> asks the opposite).</item>
/// <item><c>eq</c>/<c>ne</c>: numbers (and numeric strings) as numbers, two ISO-8601 instants as instants, otherwise the
/// exact text or JSON; <c>null</c> equals only a missing or null field. <c>ne</c> is the opposite of <c>eq</c>.</item>
/// <item><c>gt</c>/<c>gte</c>/<c>lt</c>/<c>lte</c>: two numbers (numeric strings read in the invariant culture, thousands
/// separators allowed) or two ISO-8601 instants; anything else is false, with the reason.</item>
/// <item><c>in</c>: the field equals (as <c>eq</c>) one of the listed values; a list field: one of its items does.</item>
/// <item><c>contains</c>: a list field has an item equal to the value; a text field has the value's text in it,
/// ignoring case; anything else (numbers, an empty value) is false.</item>
/// <item><c>changed_to</c>: the trigger changed the field's column and it now equals the value.</item>
/// </list>
/// </summary>
internal static class ConditionEvaluator
{
    public static bool Evaluate(ConditionGroup group, JsonObject context)
    {
        var results = group.Rules.Select(r => Evaluate(r, context)).Concat(group.Groups.Select(g => Evaluate(g, context)));
        return group.Match == "any" ? results.Any(r => r) : results.All(r => r);
    }

    public static bool Evaluate(ConditionRule rule, JsonObject context) => Judge(rule, context).Result;

    /// <summary>The rule's result on <paramref name="context"/>, with the reason when the values could not be compared as asked.</summary>
    public static RuleVerdict Judge(ConditionRule rule, JsonObject context)
    {
        var actual = ContextPath.Get(context, rule.Field);
        return rule.Op switch
        {
            "eq" => Equal(rule.Field, actual, rule.Value),
            "ne" => Not(Equal(rule.Field, actual, rule.Value)),
            "gt" => Compare(rule.Field, actual, rule.Value, c => c > 0),
            "gte" => Compare(rule.Field, actual, rule.Value, c => c >= 0),
            "lt" => Compare(rule.Field, actual, rule.Value, c => c < 0),
            "lte" => Compare(rule.Field, actual, rule.Value, c => c <= 0),
            "in" => In(rule.Field, actual, rule.Value),
            "contains" => Contains(rule.Field, actual, rule.Value),
            "exists" => Exists(rule.Field, actual, rule.Value),
            "changed_to" => ChangedTo(context, rule, actual),
            _ => new RuleVerdict(false, $"unknown operator '{rule.Op}'"),
        };
    }

    /// <summary>
    /// The evaluation spelled out, for a person: each rule with the value it actually read, its result and (when the
    /// values could not be compared as asked, or the field is missing) the reason; nested groups the same way.
    /// </summary>
    public static JsonObject Explain(ConditionGroup group, JsonObject context)
    {
        var rules = new JsonArray();
        foreach (var rule in group.Rules)
        {
            var verdict = Judge(rule, context);
            var explained = new JsonObject
            {
                ["field"] = rule.Field,
                ["op"] = rule.Op,
                ["value"] = rule.Value?.DeepClone(),
                ["actual"] = ContextPath.Get(context, rule.Field)?.DeepClone(),
                ["result"] = verdict.Result,
            };
            if (verdict.Reason is not null)
            {
                explained["reason"] = verdict.Reason;
            }

            rules.Add(explained);
        }

        var explainedGroup = new JsonObject { ["match"] = group.Match, ["result"] = Evaluate(group, context), ["rules"] = rules };
        if (group.Groups.Count > 0)
        {
            explainedGroup["groups"] = new JsonArray([.. group.Groups.Select(g => (JsonNode)Explain(g, context))]);
        }

        return explainedGroup;
    }

    /// <summary>
    /// Why <paramref name="group"/> is false on <paramref name="context"/>, in the person's words: the rules that do not hold,
    /// each as what the field is ("Invoice › Status is Paid, not Sent or Partly paid"), joined by "and" (for "any", every
    /// rule failed; for "all", the failing ones).
    /// </summary>
    public static string WhyNot(ConditionGroup group, JsonObject context)
    {
        var failing = group.Rules.Where(r => !Evaluate(r, context)).Select(r => WhyNot(r, context))
            .Concat(group.Groups.Where(g => !Evaluate(g, context)).Select(g => WhyNot(g, context)))
            .ToList();
        return failing.Count == 0 ? "the check is true" : PlainText.List(failing, "and");
    }

    static string WhyNot(ConditionRule rule, JsonObject context)
    {
        var field = PlainText.Field(rule.Field);
        var actual = ContextPath.Get(context, rule.Field);
        var now = RuleValue.IsBlank(actual) ? "empty" : Words(rule.Field, actual);
        var wanted = Words(rule.Field, rule.Value);
        return rule.Op switch
        {
            "eq" or "changed_to" when rule.Op == "changed_to" && now == wanted => $"{field} did not just change",
            "eq" or "changed_to" => $"{field} is {now}, not {wanted}",
            "ne" => $"{field} is {wanted}",
            "in" => $"{field} is {now}, not {(rule.Value is JsonArray list ? PlainText.List(list.Select(v => Words(rule.Field, v))) : wanted)}",
            "exists" => rule.Value is JsonValue flag && flag.TryGetValue<bool>(out var asked) && !asked ? $"{field} is filled in" : $"{field} is empty",
            "contains" => $"{field} does not contain {wanted}",
            _ => $"{field} is {now}, not {Label(rule.Op, rule.Value)} {wanted}",
        };
    }

    /// <summary>A value as a person reads it: a choice's label, a list of them, or the value's text.</summary>
    static string Words(string path, JsonNode? value) => value switch
    {
        null => "empty",
        JsonArray items => items.Count == 0 ? "empty" : PlainText.List(items.Select(i => Words(path, i)), "and"),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "yes",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "no",
        _ => PlainText.Value(path, Text(value)),
    };

    /// <summary>"more than", "before"…: the operator's words for numbers or dates.</summary>
    static string Label(string op, JsonNode? value)
    {
        var kind = RuleValue.Number(value) is null && RuleValue.Instant(value) is not null ? FieldKind.Datetime : FieldKind.Number;
        var label = ConditionGroup.OperatorLabels.FirstOrDefault(l => l.Op == op && l.Kinds.Contains(kind))?.Label ?? op;
        return label.StartsWith("is ", StringComparison.Ordinal) ? label[3..] : label;
    }

    /// <summary>The condition in one line: <c>invoice.status ne "paid"</c>, joined with and/or.</summary>
    public static string Describe(ConditionGroup group)
    {
        var parts = group.Rules.Select(r => r.Op == "exists" && r.Value is null ? $"{r.Field} exists" : $"{r.Field} {r.Op} {r.Value?.ToJsonString(DescribeOptions) ?? "null"}")
            .Concat(group.Groups.Select(g => $"({Describe(g)})"));
        return string.Join(group.Match == "any" ? " or " : " and ", parts);
    }

    static readonly JsonSerializerOptions DescribeOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    static RuleVerdict Not(RuleVerdict verdict) => verdict with { Result = !verdict.Result };

    static RuleVerdict Exists(string field, JsonNode? actual, JsonNode? value)
    {
        var wanted = value is not JsonValue flag || !flag.TryGetValue<bool>(out var asked) || asked;
        var present = !RuleValue.IsBlank(actual);
        return new RuleVerdict(present == wanted, present ? null : $"{field} is {RuleValue.Describe(actual)}");
    }

    static RuleVerdict Equal(string field, JsonNode? actual, JsonNode? value)
    {
        if (IsNull(value))
        {
            return new RuleVerdict(IsNull(actual), null);
        }

        if (IsNull(actual))
        {
            return new RuleVerdict(false, $"{field} is {RuleValue.Describe(actual)}");
        }

        return new RuleVerdict(Same(actual, value), null);
    }

    static RuleVerdict Compare(string field, JsonNode? actual, JsonNode? value, Func<int, bool> holds)
    {
        if (RuleValue.Number(actual) is { } x && RuleValue.Number(value) is { } y)
        {
            return new RuleVerdict(holds(x.CompareTo(y)), null);
        }

        if (RuleValue.Instant(actual) is { } p && RuleValue.Instant(value) is { } q)
        {
            return new RuleVerdict(holds(p.CompareTo(q)), null);
        }

        var wants = RuleValue.Instant(value) is not null ? "an ISO-8601 date" : RuleValue.Number(value) is not null ? "a number" : "a number or an ISO-8601 date";
        var reason = RuleValue.Number(value) is null && RuleValue.Instant(value) is null
            ? $"the rule's value {RuleValue.Describe(value)} is not a number or an ISO-8601 date"
            : $"{field} is {RuleValue.Describe(actual)}, not {wants}";
        return new RuleVerdict(false, reason);
    }

    static RuleVerdict In(string field, JsonNode? actual, JsonNode? value)
    {
        if (value is not JsonArray options)
        {
            return new RuleVerdict(false, "the rule's value is not a list");
        }

        if (actual is JsonArray items)
        {
            return new RuleVerdict(items.Any(i => options.Any(o => Equal(field, i, o).Result)), items.Count == 0 ? $"{field} is an empty list" : null);
        }

        var found = options.Any(o => Equal(field, actual, o).Result);
        return new RuleVerdict(found, !found && IsNull(actual) ? $"{field} is {RuleValue.Describe(actual)}" : null);
    }

    static RuleVerdict Contains(string field, JsonNode? actual, JsonNode? value)
    {
        switch (actual)
        {
            case JsonArray items:
                return new RuleVerdict(items.Any(i => Same(i, value)), items.Count == 0 ? $"{field} is an empty list" : null);
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                if (value is not JsonValue part || part.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number) || Text(part) is not { Length: > 0 } piece)
                {
                    return new RuleVerdict(false, $"the rule's value {RuleValue.Describe(value)} is not text to look for");
                }

                return new RuleVerdict(text.GetValue<string>().Contains(piece, StringComparison.OrdinalIgnoreCase), null);
            default:
                return new RuleVerdict(false, $"{field} is {RuleValue.Describe(actual)}: contains looks in text or a list");
        }
    }

    /// <summary>The trigger changed the field's column, and the field now holds the value.</summary>
    static RuleVerdict ChangedTo(JsonObject context, ConditionRule rule, JsonNode? actual)
    {
        var column = ContextSchema.Segments(rule.Field)[^1];
        var changed = ContextPath.Get(context, "trigger.changed") is JsonArray names && names.Any(n => Text(n) == column);
        actual ??= ContextPath.Get(context, $"trigger.new.{column}");
        if (!changed)
        {
            return new RuleVerdict(false, $"the trigger did not change {column}");
        }

        return Equal(rule.Field, actual, rule.Value);
    }

    /// <summary>Two present values: as numbers, else as instants, else booleans and text exactly, else as JSON.</summary>
    static bool Same(JsonNode? a, JsonNode? b)
    {
        if (IsNull(a) || IsNull(b))
        {
            return IsNull(a) && IsNull(b);
        }

        if (RuleValue.Number(a) is { } x && RuleValue.Number(b) is { } y)
        {
            return x == y;
        }

        if (RuleValue.Instant(a) is { } p && RuleValue.Instant(b) is { } q)
        {
            return p == q;
        }

        if (a!.GetValueKind() is JsonValueKind.True or JsonValueKind.False || b!.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return Text(a) == Text(b);
        }

        return string.Equals(Text(a), Text(b), StringComparison.Ordinal) || JsonNode.DeepEquals(a, b);
    }

    static bool IsNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;

    static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        null => null,
        _ => node.ToJsonString(),
    };
}
