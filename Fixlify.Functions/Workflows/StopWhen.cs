using System.Globalization;
using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// A workflow's exit conditions (<c>triggerConfig.stopWhen</c>): an execution for a record ends by itself, <c>cancelled</c>
/// with the reason in words, once its record reaches one of <see cref="States"/> (named by the event that puts it there:
/// <c>invoice_paid</c>, <c>job_cancelled</c>, <c>job_completed</c>, <c>estimate_accepted</c>, …, <see cref="RecordStates"/>)
/// or its <see cref="Rule"/> holds. Checked on the records read again before every action, and when an event on the record
/// arrives while the execution waits. Written <c>{"states": ["invoice_paid"], "rule": {"all": [...]}}</c>.
/// </summary>
internal sealed record StopWhen(IReadOnlyList<string> States, ConditionGroup? Rule)
{
    /// <summary>Reads <c>triggerConfig.stopWhen</c>; null (with errors under its path) when it is not one.</summary>
    public static StopWhen? Read(JsonNode? node, TriggerType trigger, ContextSchema schema, ICollection<FieldError> errors)
    {
        const string path = "triggerConfig.stopWhen";
        if (node is not JsonObject config)
        {
            errors.Add(new FieldError(path, "Stop when must say which states of the record end the execution, or a rule."));
            return null;
        }

        var records = trigger.Records;
        var states = new List<string>();
        foreach (var (key, value) in config)
        {
            switch (key)
            {
                case "states" when value is JsonArray list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        var name = list[i]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? list[i]!.GetValue<string>() : null;
                        if (name is null || RecordStates.Of(name) is not { } state || !records.Contains(state.Entity))
                        {
                            var known = RecordStates.ByEvent.Values.Where(s => records.Contains(s.Entity)).Select(s => $"the {s.Entity} {s.Words}");
                            errors.Add(new FieldError($"{path}.states[{i}]", $"Not a state this start's records can reach: choose {PlainText.List(known)}."));
                            continue;
                        }

                        states.Add(name);
                    }

                    break;
                case "states":
                    errors.Add(new FieldError($"{path}.states", "Choose the states of the record that end the execution, such as “the invoice was paid”."));
                    break;
                case "rule":
                    break;
                default:
                    errors.Add(new FieldError($"{path}.{key}", "Stop when has a setting it does not know: remove it in code view."));
                    break;
            }
        }

        var rule = config.ContainsKey("rule") ? ConditionGroup.Read(config["rule"], $"{path}.rule", schema, errors) : null;
        if (states.Count == 0 && rule is null && !config.ContainsKey("rule") && !config.ContainsKey("states"))
        {
            errors.Add(new FieldError(path, "Stop when must say which states of the record end the execution, or a rule."));
        }

        return new StopWhen(states, rule);
    }

    /// <summary>The context paths the check reads: each state's record status and what names it, and the rule's fields.</summary>
    public IEnumerable<string> Reads() =>
        States.Select(s => RecordStates.Of(s)!.Entity).Distinct().SelectMany(entity => new[] { $"{entity}.id", $"{entity}.status", $"{entity}.number", $"{entity}.title" });

    /// <summary>
    /// The state among <see cref="States"/> the records in <paramref name="context"/> are in, in words
    /// ("Invoice #1042 was paid", "Job “Fix leak” was cancelled"); null when none.
    /// </summary>
    public string? ReachedState(JsonObject context)
    {
        foreach (var name in States)
        {
            if (RecordStates.Of(name) is { } state && RecordStates.Holds(state, context))
            {
                return $"{Name(state.Entity, context[state.Entity] as JsonObject)} {state.Words}";
            }
        }

        return null;
    }

    /// <summary>How a person names a record: "Invoice #1042", "Job “Fix leak”", "Estimate #E-7".</summary>
    public static string Name(string entity, JsonObject? record)
    {
        var kind = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(entity);
        if (record?["number"]?.ToString() is { Length: > 0 } number)
        {
            return $"{kind} #{number.TrimStart('#')}";
        }

        return record?["title"]?.ToString() is { Length: > 0 } title ? $"{kind} “{title}”" : $"The {entity}";
    }
}
