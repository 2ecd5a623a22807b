using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// Evaluates a condition on an execution's context. Pure and deterministic: it runs in the orchestrator.
/// Numbers compare as numbers, ISO dates as instants, everything else as text.
/// </summary>
public static class ConditionEvaluator
{
    public static bool Evaluate(ConditionGroup group, JsonObject context)
    {
        var results = group.Rules.Select(r => Evaluate(r, context)).Concat(group.Groups.Select(g => Evaluate(g, context)));
        return group.Match == "any" ? results.Any(r => r) : results.All(r => r);
    }

    public static bool Evaluate(ConditionRule rule, JsonObject context)
    {
        var actual = ContextPath.Get(context, rule.Field);
        return rule.Op switch
        {
            "eq" => Equal(actual, rule.Value),
            "ne" => !Equal(actual, rule.Value),
            "gt" => Compare(actual, rule.Value) is > 0,
            "gte" => Compare(actual, rule.Value) is >= 0,
            "lt" => Compare(actual, rule.Value) is < 0,
            "lte" => Compare(actual, rule.Value) is <= 0,
            "in" => rule.Value is JsonArray options && options.Any(o => Equal(actual, o)),
            "contains" => Contains(actual, rule.Value),
            "exists" => (actual is not null && actual.GetValueKind() != JsonValueKind.Null) == (rule.Value is not JsonValue flag || !flag.TryGetValue<bool>(out var wanted) || wanted),
            "changed_to" => ChangedTo(context, rule, actual),
            _ => false,
        };
    }

    /// <summary>
    /// The evaluation spelled out, for a person: each rule with the value it actually read and its result, nested
    /// groups the same way, and the group's result.
    /// </summary>
    public static JsonObject Explain(ConditionGroup group, JsonObject context)
    {
        var rules = new JsonArray();
        foreach (var rule in group.Rules)
        {
            rules.Add(new JsonObject
            {
                ["field"] = rule.Field,
                ["op"] = rule.Op,
                ["value"] = rule.Value?.DeepClone(),
                ["actual"] = ContextPath.Get(context, rule.Field)?.DeepClone(),
                ["result"] = Evaluate(rule, context),
            });
        }

        var explained = new JsonObject { ["match"] = group.Match, ["result"] = Evaluate(group, context), ["rules"] = rules };
        if (group.Groups.Count > 0)
        {
            explained["groups"] = new JsonArray([.. group.Groups.Select(g => (JsonNode)Explain(g, context))]);
        }

        return explained;
    }

    /// <summary>The condition in one line: <c>invoice.status ne "paid"</c>, joined with and/or.</summary>
    public static string Describe(ConditionGroup group)
    {
        var parts = group.Rules.Select(r => r.Op == "exists" && r.Value is null ? $"{r.Field} exists" : $"{r.Field} {r.Op} {r.Value?.ToJsonString(DescribeOptions) ?? "null"}")
            .Concat(group.Groups.Select(g => $"({Describe(g)})"));
        return string.Join(group.Match == "any" ? " or " : " and ", parts);
    }

    static readonly JsonSerializerOptions DescribeOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The trigger changed the field's column, and the field now holds the value.</summary>
    static bool ChangedTo(JsonObject context, ConditionRule rule, JsonNode? actual)
    {
        var column = ContextSchema.Segments(rule.Field)[^1];
        var changed = ContextPath.Get(context, "trigger.changed") is JsonArray names && names.Any(n => Text(n) == column);
        actual ??= ContextPath.Get(context, $"trigger.new.{column}");
        return changed && Equal(actual, rule.Value);
    }

    static bool Contains(JsonNode? actual, JsonNode? value) => actual switch
    {
        JsonArray items => items.Any(i => Equal(i, value)),
        JsonValue when Text(actual) is { } text && Text(value) is { } part => text.Contains(part, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    static bool Equal(JsonNode? a, JsonNode? b)
    {
        if (IsNull(a) || IsNull(b))
        {
            return IsNull(a) && IsNull(b);
        }

        if (Number(a) is { } x && Number(b) is { } y)
        {
            return x == y;
        }

        if (a!.GetValueKind() is JsonValueKind.True or JsonValueKind.False || b!.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return Text(a) == Text(b);
        }

        return string.Equals(Text(a), Text(b), StringComparison.Ordinal) || JsonNode.DeepEquals(a, b);
    }

    static int? Compare(JsonNode? a, JsonNode? b)
    {
        if (IsNull(a) || IsNull(b))
        {
            return null;
        }

        if (Number(a) is { } x && Number(b) is { } y)
        {
            return x.CompareTo(y);
        }

        if (Date(a) is { } p && Date(b) is { } q)
        {
            return p.CompareTo(q);
        }

        return Text(a) is { } s && Text(b) is { } t ? string.CompareOrdinal(s, t) : null;
    }

    static bool IsNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;

    static decimal? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String
            && decimal.TryParse(v.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    static DateTimeOffset? Date(JsonNode? node) =>
        Text(node) is { Length: >= 10 } text && char.IsDigit(text[0])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        null => null,
        _ => node.ToJsonString(),
    };
}
