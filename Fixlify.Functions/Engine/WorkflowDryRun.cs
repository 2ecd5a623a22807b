using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>A dry run's report, or what is wrong with the records it was asked to use (nothing ran then).</summary>
internal sealed record DryRunResult(JsonObject? Report, IReadOnlyList<FieldError> Errors);

/// <summary>
/// Tries a workflow's current definition on real records without doing anything: builds the context as an execution's
/// start does, then has the <see cref="PlanWalker"/> — the same walk a real run makes — walk it with
/// <see cref="SimulatedWorkflowEffects"/>: a clock that starts now, the handlers' previews instead of sends. Every database
/// read is in a read-only transaction; nothing is sent, logged or written.
/// </summary>
internal sealed class WorkflowDryRun(TenantDatabase database, WorkflowPlans plans, ActionHandlers handlers, ExecuteAction actions, TimeProvider clock)
{
    public const string WouldRun = SimulatedWorkflowEffects.WouldRun;

    /// <param name="simulation">Replies and events that come while the workflow's waits wait (by wait step id); none: every wait times out.</param>
    public async Task<DryRunResult> RunAsync(
        Guid organizationId, WorkflowRecord workflow, JsonObject triggerData, DryRunSimulation? simulation, CancellationToken cancellationToken)
    {
        var plan = plans.Compile(workflow);
        if (SimulationErrors(plan, simulation ?? DryRunSimulation.None) is { Count: > 0 } wrong)
        {
            return new DryRunResult(null, wrong);
        }

        var executionId = UUIDNext.Uuid.NewSequential();
        BuiltContext built;
        await using (var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken))
        {
            var errors = await CheckRecordsAsync(transaction, triggerData["data"], cancellationToken);
            if (errors.Count > 0)
            {
                return new DryRunResult(null, errors);
            }

            built = await ExecutionContextBuilder.BuildAsync(
                transaction,
                new ExecutionContextSource(executionId, organizationId, workflow.Id, workflow.Name, workflow.Version, workflow.TriggerType, triggerData),
                cancellationToken);
        }

        var startsAt = clock.GetUtcNow().ToUniversalTime();
        var (outcome, effects) = await WalkAsync(organizationId, executionId, plan, built, startsAt, simulation);
        var records = Records(workflow.TriggerType, built);
        return new DryRunResult(
            new JsonObject
            {
                ["workflowId"] = workflow.Id.ToString(),
                ["workflowName"] = workflow.Name,
                ["workflowVersion"] = workflow.Version,
                ["isActive"] = workflow.IsActive,
                ["triggerType"] = workflow.TriggerType,
                ["startsAt"] = startsAt,
                ["endsAt"] = new DateTimeOffset(effects.Now, TimeSpan.Zero),
                ["outcome"] = Outcome(outcome),
                ["error"] = Error(outcome),
                ["warnings"] = new JsonArray([.. outcome.Warnings.Select(w => (JsonNode?)w)]),
                ["records"] = records,
                ["holdOut"] = HoldOut(workflow, built),
                ["steps"] = effects.Entries,
            },
            []);
    }

    /// <summary>
    /// The walk a run would make on <paramref name="built"/> from <paramref name="startsAt"/>: the same cut of the context a
    /// run carries, the <see cref="PlanWalker"/> with <see cref="SimulatedWorkflowEffects"/>. The effects hold the report's steps.
    /// </summary>
    public async Task<(WalkOutcome Outcome, SimulatedWorkflowEffects Effects)> WalkAsync(
        Guid organizationId, Guid executionId, WorkflowPlan plan, BuiltContext built, DateTimeOffset startsAt, DryRunSimulation? simulation)
    {
        var state = ContextProjection.Project(built.Values, [.. plan.Reads, .. ContextProjection.Always]);
        state["steps"] = new JsonObject();
        var effects = new SimulatedWorkflowEffects(handlers, actions, organizationId, executionId, startsAt, simulation);
        var walker = new PlanWalker(plan, state, chainDepth: 0, effects);
        foreach (var warning in built.Warnings)
        {
            walker.Warn(warning);
        }

        return (await walker.RunAsync(), effects);
    }

    /// <summary>The report's <c>outcome</c>: <c>would_complete</c>, <c>would_fail</c>, or <c>would_stop</c> (its exit condition held).</summary>
    public static string Outcome(WalkOutcome outcome) =>
        outcome.FailedStep is not null ? "would_fail" : outcome.Status == ExecutionStatus.Cancelled ? "would_stop" : "would_complete";

    /// <summary>Why it would fail, or why it would stop ("Invoice #1042 was paid"); null when it would complete.</summary>
    public static string? Error(WalkOutcome outcome) =>
        outcome.FailedStep is { } failed ? $"Step '{failed.Key}' ({failed.Type}) would fail: {failed.Reason}"
        : outcome.Status == ExecutionStatus.Cancelled ? outcome.Error
        : null;

    /// <summary>The records the run is about, by name (the technicians' count for a schedule's list).</summary>
    public static JsonObject Records(string triggerType, BuiltContext built)
    {
        var records = new JsonObject();
        foreach (var record in TriggerType.Find(triggerType)?.Records ?? [])
        {
            records[record] = record == "technicians"
                ? (built.Values["technicians"] as JsonArray)?.Count ?? 0
                : ActionContext.RecordId(built.Values, record)?.ToString();
        }

        return records;
    }

    /// <summary>Which hold-out group the run's record falls in (<see cref="HoldOutGroup"/>); null when the workflow keeps none out.</summary>
    public static JsonObject? HoldOut(WorkflowRecord workflow, BuiltContext built) =>
        TriggerType.Find(workflow.TriggerType)?.Entity is { } entity
            ? HoldOutGroup.Describe(workflow.Id, workflow.TriggerConfig, ActionContext.RecordId(built.Values, entity))
            : null;

    /// <summary>A simulated reply or event must name a wait of that kind in the workflow.</summary>
    static List<FieldError> SimulationErrors(WorkflowPlan plan, DryRunSimulation simulation)
    {
        var errors = new List<FieldError>();
        void Check<T>(IEnumerable<string> ids, string field, string kind)
            where T : PlanStep
        {
            var waits = plan.Steps.Values.OfType<T>().Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
            foreach (var id in ids.Where(id => !waits.Contains(id)))
            {
                errors.Add(new FieldError($"{field}.{id}", waits.Count == 0
                    ? $"This workflow has no {kind} step to simulate."
                    : $"No {kind} step '{id}' in this workflow: it has {string.Join(", ", waits)}."));
            }
        }

        Check<WaitForReplyStep>(simulation.Replies.Keys, "replies", "wait_for_reply");
        Check<WaitForEventStep>(simulation.Events.Keys, "events", "wait_for_event");
        var following = plan.Steps.Values.OfType<DelayStep>().Where(s => s.Until is not null).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        foreach (var id in simulation.MovesByStep.Keys.Where(id => !following.Contains(id)))
        {
            errors.Add(new FieldError($"moves.{id}", following.Count == 0
                ? "This workflow has no wait that follows a record's date to move."
                : $"No wait that follows a record's date is called '{id}': this workflow has {string.Join(", ", following)}."));
        }

        return errors;
    }

    /// <summary>Every record the run's values name must be an id of a record of the organization (another's is not found).</summary>
    static async Task<List<FieldError>> CheckRecordsAsync(DatabaseTransaction transaction, JsonNode? data, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (data is JsonObject values)
        {
            foreach (var record in BusinessRecords.Tables.Keys.Where(r => r != "organization" && values[r] is not null and not JsonObject))
            {
                errors.Add(new FieldError($"context.{record}", $"Name the {record} by its id: {{\"{record}Id\": \"...\"}} or {{\"{record}\": {{\"id\": \"...\"}}}}."));
            }
        }

        foreach (var (record, text, path) in ExecutionContextBuilder.NamedRecords(data))
        {
            if (!Guid.TryParse(text, out var id))
            {
                errors.Add(new FieldError($"context.{path}", $"'{text}' is not a {record} id."));
            }
            else if (await BusinessRecords.LoadAsync(transaction, record, id, cancellationToken) is null)
            {
                errors.Add(new FieldError($"context.{path}", $"No {record} '{id}' in your organization."));
            }
        }

        return errors;
    }
}
