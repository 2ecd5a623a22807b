using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>What the builder sends: a trigger and either a React Flow graph (nodes, edges) or linear steps.</summary>
internal sealed record WorkflowDraft(string TriggerType, JsonObject TriggerConfig, JsonArray Nodes, JsonArray Edges, JsonArray Steps);

/// <summary>A plan, or every problem found on the way to one.</summary>
internal sealed record CompileResult(WorkflowPlan? Plan, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Validates a workflow definition, reporting every problem with its JSON path, and compiles a valid one to a
/// <see cref="WorkflowPlan"/>. A graph (non-empty <c>nodes</c>) wins over linear <c>steps</c>: each form has its reader
/// (<see cref="GraphReader"/>, <see cref="StepListReader"/>) producing the same step skeletons, whose bodies one
/// <see cref="StepBodyReader"/> reads. <see cref="Check"/> is everything a save checks: also the trigger's config and the
/// schedule.
/// </summary>
internal sealed class WorkflowCompiler(IActionTypes actions)
{
    readonly StepBodyReader _bodies = new(actions);

    /// <summary>The definition alone (as stored with a version): its steps, their bodies, the graph's shape.</summary>
    public CompileResult Compile(WorkflowDraft draft)
    {
        var errors = new List<FieldError>();
        // The stored name read once: the rest of the compile works with the trigger type itself.
        if (!TriggerType.TryParse(draft.TriggerType, out var trigger))
        {
            errors.Add(new FieldError("triggerType", "Choose what starts the automation."));
            return new CompileResult(null, errors);
        }

        var plan = Read(draft, trigger, errors);
        return new CompileResult(errors.Count == 0 && plan is not null ? PlanReads.Complete(plan, (type, config) => actions.Find(type)?.Reads(config) ?? []) : null, errors);
    }

    /// <summary>
    /// What a save checks: the definition (as <see cref="Compile"/>), then the trigger's config (<see cref="TriggerSettings"/>)
    /// and the schedule of a scheduled or recurring workflow (<see cref="WorkflowSchedule"/>); every problem of the three.
    /// </summary>
    public CompileResult Check(WorkflowDraft draft, JsonObject? schedule)
    {
        var compiled = Compile(draft);
        if (!TriggerType.TryParse(draft.TriggerType, out _))
        {
            return compiled;
        }

        var errors = new List<FieldError>(compiled.Errors);
        TriggerSettings.Validate(draft.TriggerType, draft.TriggerConfig, errors);
        WorkflowSchedule.Read(draft.TriggerType, schedule, errors);
        return errors.Count == compiled.Errors.Count ? compiled : new CompileResult(null, errors);
    }

    WorkflowPlan? Read(WorkflowDraft draft, TriggerType trigger, List<FieldError> errors)
    {
        var outline = draft.Nodes.Count > 0 ? new GraphReader(draft, errors).Read() : new StepListReader(draft, errors).Read();
        if (outline is null)
        {
            return null;
        }

        var schema = ContextSchema.For(trigger).With(outline.BoundNames, outline.StepIds);
        var steps = new Dictionary<string, PlanStep>(StringComparer.Ordinal);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var skeleton in outline.Steps)
        {
            paths[skeleton.Id] = skeleton.Path;
            if (_bodies.Read(skeleton, schema, errors) is { } step)
            {
                steps[skeleton.Id] = step;
            }
        }

        var stopWhen = draft.TriggerConfig["stopWhen"] is { } exit ? StopWhen.Read(exit, trigger, schema, errors) : null;
        if (draft.TriggerConfig["goal"] is { } goal)
        {
            WorkflowGoal.Read(goal, trigger, schema, errors);
        }

        var plan = new WorkflowPlan(trigger.Name, outline.Start, steps, [], stopWhen);
        return errors.Count == 0 ? WaitStepReader.LinkReplies(plan, paths, errors) : plan;
    }
}
