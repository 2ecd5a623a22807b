using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// Works out what a compiled plan reads from an execution's context, so an execution carries only that: each action's
/// reads (its templates, the defaults its type fills in, its guard), the parts of each action's output later steps
/// read, and the plan's reads with loop variables resolved to the lists they come from.
/// </summary>
internal static class PlanReads
{
    /// <summary>The plan with <see cref="ActionStep.Reads"/>, <see cref="ActionStep.OutputReads"/> and <see cref="WorkflowPlan.Reads"/> filled in.</summary>
    /// <param name="actionReads">The paths an action of a type reads with a config (its handler knows its defaults).</param>
    public static WorkflowPlan Complete(WorkflowPlan plan, Func<string, JsonObject, IEnumerable<string>> actionReads)
    {
        var actions = plan.Steps.Values.OfType<ActionStep>()
            .ToDictionary(
                a => a.Id,
                a => Distinct(actionReads(a.ActionType, a.Config)
                    .Concat(a.OnlyIf is { } guard ? Of(guard) : [])
                    .Concat(plan.StopWhen is { } exit ? exit.Reads().Concat(exit.Rule is { } rule ? Of(rule) : []) : [])),
                StringComparer.Ordinal);
        var raw = plan.Steps.Values.SelectMany(step => step switch
        {
            ActionStep action => actions[action.Id],
            ConditionStep condition => Of(condition.When),
            DelayStep { Until: { } until } => RecordAnchor.Of(until) is { } anchor ? [until, $"{anchor.Entity}.id", $"{anchor.Entity}.title"] : [until],
            DelayStep { At: not null } => ["organization.time_zone"],
            LoopStep { Over: { } over } => [over],
            WaitForEventStep wait => [$"{wait.Record}.id"],
            _ => [],
        }).ToList();

        var loops = plan.Steps.Values.OfType<LoopStep>().ToList();
        var resolved = Distinct(raw.SelectMany(path => Resolve(path, loops, depth: 0)));
        var steps = plan.Steps.ToDictionary(
            p => p.Key,
            p => p.Value is ActionStep action
                ? action with { Reads = actions[action.Id], OutputReads = OutputReads(action, resolved) }
                : p.Value,
            StringComparer.Ordinal);
        return plan with { Steps = steps, Reads = resolved };
    }

    /// <summary>The context paths a condition reads; <c>changed_to</c> also reads what the trigger changed.</summary>
    public static IEnumerable<string> Of(ConditionGroup group) =>
        group.Rules.SelectMany(rule => rule.Op == "changed_to"
                ? [rule.Field, "trigger.changed", $"trigger.new.{ContextSchema.Segments(rule.Field)[^1]}"]
                : new[] { rule.Field })
            .Concat(group.Groups.SelectMany(Of));

    /// <summary>The context paths the Liquid templates in a step's config read (every string in it that is a template).</summary>
    public static IEnumerable<string> TemplatePaths(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => TemplatePaths(p.Value)),
        JsonArray array => array.SelectMany(TemplatePaths),
        JsonValue value when value.TryGetValue<string>(out var text) && TemplateVariables.IsTemplate(text) => TemplateVariables.Paths(text),
        _ => [],
    };

    /// <summary>
    /// A path through a loop variable becomes a path through the list it is bound from (<c>technician.email</c> in a loop
    /// over <c>technicians</c> → <c>technicians.email</c>, which reads every item's email); the engine's own <c>loop</c>
    /// variable and a counted loop's number come from nowhere.
    /// </summary>
    static IEnumerable<string> Resolve(string path, List<LoopStep> loops, int depth)
    {
        var segments = ContextSchema.Segments(path);
        if (segments.Count == 0 || segments[0] == "loop")
        {
            return [];
        }

        var bound = loops.Where(l => l.As == segments[0]).ToList();
        if (bound.Count == 0 || depth > 8)
        {
            return [path];
        }

        var rest = string.Join('.', segments.Skip(1));
        return bound.Where(l => l.Over is not null)
            .SelectMany(l => Resolve(rest.Length == 0 ? l.Over! : $"{l.Over}.{rest}", loops, depth + 1));
    }

    /// <summary>What later steps read of an action's output: under <c>steps.&lt;id&gt;</c> or the name it is saved as; "" is all of it.</summary>
    static List<string> OutputReads(ActionStep action, IReadOnlyList<string> reads)
    {
        var roots = new List<string> { $"steps.{action.Id}" };
        if (action.Config["saveAs"] is JsonValue value && value.TryGetValue<string>(out var saveAs))
        {
            roots.Add(saveAs);
        }

        var parts = new List<string>();
        foreach (var path in reads)
        {
            var segments = ContextSchema.Segments(path);
            foreach (var root in roots)
            {
                var rootSegments = ContextSchema.Segments(root);
                if (segments.Count >= rootSegments.Count && segments.Take(rootSegments.Count).SequenceEqual(rootSegments, StringComparer.Ordinal))
                {
                    parts.Add(string.Join('.', segments.Skip(rootSegments.Count)));
                }
            }
        }

        return parts.Contains("") ? [""] : Distinct(parts);
    }

    static List<string> Distinct(IEnumerable<string> paths) => [.. paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
