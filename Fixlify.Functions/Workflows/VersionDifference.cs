using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// What differs between two versions of a workflow, step by step (matched by step id), in words: steps added, removed
/// and changed, each changed setting as "Wait: 3 days → 2 days", and a one-line summary of it all for the history.
/// </summary>
internal static class VersionDifference
{
    /// <summary>How a step differs: <c>added</c>, <c>removed</c> or <c>changed</c>.</summary>
    internal sealed record StepChange(string StepId, string Change, string Label, IReadOnlyList<string> Fields);

    /// <summary>The definition of one version, as stored.</summary>
    internal sealed record Definition(string TriggerType, JsonObject TriggerConfig, JsonArray Nodes, JsonArray Steps, JsonObject? Schedule);

    /// <summary>Each step that differs, in the order of the newer version (removed ones last), and the trigger's changes.</summary>
    public static (IReadOnlyList<StepChange> Steps, IReadOnlyList<string> Trigger) Compare(Definition before, Definition after)
    {
        var old = StepsOf(before);
        var now = StepsOf(after);
        var changes = new List<StepChange>();
        foreach (var (id, step) in now)
        {
            if (!old.TryGetValue(id, out var was))
            {
                changes.Add(new StepChange(id, "added", step.Label, []));
                continue;
            }

            var fields = FieldChanges(was, step);
            if (fields.Count > 0)
            {
                changes.Add(new StepChange(id, "changed", step.Label, fields));
            }
        }

        changes.AddRange(old.Where(o => !now.ContainsKey(o.Key)).Select(o => new StepChange(o.Key, "removed", o.Value.Label, [])));

        var trigger = new List<string>();
        if (before.TriggerType != after.TriggerType)
        {
            trigger.Add($"Trigger: {PlainText.Words(before.TriggerType)} → {PlainText.Words(after.TriggerType)}");
        }

        trigger.AddRange(ObjectChanges("Trigger", before.TriggerConfig, after.TriggerConfig));
        if (!JsonNode.DeepEquals(before.Schedule, after.Schedule))
        {
            trigger.Add("Schedule changed");
        }

        return (changes, trigger);
    }

    /// <summary>The ids of every step of a definition (nested ones included).</summary>
    public static IReadOnlySet<string> StepIds(Definition definition) => StepsOf(definition).Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>One line for the history: "Wait: 3 days → 2 days; added “Text the client”; removed “Email”", or "No change".</summary>
    public static string Summary(Definition before, Definition after)
    {
        var (steps, trigger) = Compare(before, after);
        var parts = new List<string>(trigger);
        foreach (var step in steps)
        {
            parts.Add(step.Change switch
            {
                "added" => $"added “{step.Label}”",
                "removed" => $"removed “{step.Label}”",
                _ => string.Join("; ", step.Fields),
            });
        }

        if (parts.Count == 0)
        {
            return "No change to the steps";
        }

        const int Shown = 3;
        var line = string.Join("; ", parts.Take(Shown));
        return parts.Count > Shown ? $"{line} and {PlainText.Count(parts.Count - Shown, "more change")}" : line;
    }

    sealed record Step(string Kind, string Label, JsonObject Settings);

    /// <summary>Every step of a definition by id, nested ones (a condition's branches, a loop's body) included.</summary>
    static Dictionary<string, Step> StepsOf(Definition definition)
    {
        var steps = new Dictionary<string, Step>(StringComparer.Ordinal);
        foreach (var node in definition.Nodes.OfType<JsonObject>())
        {
            if (JsonText.Of(node["id"]) is { } id && JsonText.Of(node["type"]) is { } type && type != "trigger")
            {
                var data = node["data"] as JsonObject ?? [];
                steps[id] = new Step(type, LabelOf(type, JsonText.Of(data["label"]), JsonText.Of(data["actionType"])), Settings(data));
            }
        }

        AddLinear(definition.Steps, steps);
        return steps;
    }

    static void AddLinear(JsonArray? list, Dictionary<string, Step> steps)
    {
        foreach (var step in list?.OfType<JsonObject>() ?? [])
        {
            if (JsonText.Of(step["id"]) is not { } id)
            {
                continue;
            }

            var type = JsonText.Of(step["type"]) ?? "action";
            var label = JsonText.Of(step["label"]) ?? JsonText.Of((step["config"] as JsonObject)?["label"]);
            steps[id] = new Step(type, LabelOf(type, label, JsonText.Of(step["actionType"])), Settings(step));
            AddLinear(step["then"] as JsonArray, steps);
            AddLinear(step["else"] as JsonArray, steps);
            AddLinear(step["body"] as JsonArray, steps);
        }
    }

    /// <summary>What a step does, without its label, id and nested steps (those are compared on their own).</summary>
    static JsonObject Settings(JsonObject step)
    {
        var settings = new JsonObject();
        foreach (var (key, value) in step)
        {
            if (key is not ("id" or "label" or "then" or "else" or "body" or "position"))
            {
                settings[key] = value?.DeepClone();
            }
        }

        return settings;
    }

    static string LabelOf(string kind, string? label, string? actionType) =>
        !string.IsNullOrWhiteSpace(label) ? label : PlainText.Words(actionType ?? kind);

    static List<string> FieldChanges(Step was, Step now)
    {
        var changes = new List<string>();
        var name = KindName(now);
        if (was.Label != now.Label)
        {
            changes.Add($"“{was.Label}” renamed “{now.Label}”");
        }

        if (was.Kind != now.Kind)
        {
            changes.Add($"{name}: {PlainText.Words(was.Kind)} → {PlainText.Words(now.Kind)}");
            return changes;
        }

        var before = Flatten(was.Settings);
        var after = Flatten(now.Settings);
        foreach (var key in before.Keys.Union(after.Keys).Distinct())
        {
            before.TryGetValue(key, out var old);
            after.TryGetValue(key, out var value);
            if (!JsonNode.DeepEquals(old, value))
            {
                var setting = key is "duration" or "timeout" ? "" : $" › {PlainText.Setting(key)}";
                changes.Add($"{name}{setting}: {Value(old)} → {Value(value)}");
            }
        }

        return changes;
    }

    /// <summary>A step's settings by their last key (config's fields beside the step's own), the config's winning.</summary>
    static Dictionary<string, JsonNode?> Flatten(JsonObject settings)
    {
        var flat = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in settings)
        {
            if (key != "config")
            {
                flat[key] = value;
            }
        }

        foreach (var (key, value) in settings["config"] as JsonObject ?? [])
        {
            if (key != "label")
            {
                flat[key] = value;
            }
        }

        return flat;
    }

    static IEnumerable<string> ObjectChanges(string name, JsonObject before, JsonObject after)
    {
        foreach (var key in before.Select(p => p.Key).Union(after.Select(p => p.Key)).Distinct())
        {
            if (!JsonNode.DeepEquals(before[key], after[key]))
            {
                yield return $"{name} › {PlainText.Setting(key)}: {Value(before[key])} → {Value(after[key])}";
            }
        }
    }

    static string KindName(Step step) => step.Kind switch
    {
        "delay" => "Wait",
        "condition" => $"Check “{step.Label}”",
        _ => $"“{step.Label}”",
    };

    /// <summary>A setting's value in words: a duration as "3 days", text as itself (shortened), rules and lists briefly.</summary>
    static string Value(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "nothing";
            case JsonValue v when v.TryGetValue<string>(out var text):
                if (IsoDuration.TryParse(text, out var duration) && text.StartsWith('P'))
                {
                    return PlainText.Duration(duration);
                }

                return text.Length > 40 ? $"“{text[..37]}…”" : $"“{text}”";
            case JsonValue v when v.TryGetValue<bool>(out var flag):
                return flag ? "on" : "off";
            case JsonValue v:
                return v.ToJsonString();
            case JsonArray list:
                return PlainText.Count(list.Count, "item");
            case JsonObject rules when rules["all"] is JsonArray || rules["any"] is JsonArray:
                return PlainText.Count((rules["all"] as JsonArray ?? rules["any"] as JsonArray)!.Count, "rule");
            default:
                return "other settings";
        }
    }
}
