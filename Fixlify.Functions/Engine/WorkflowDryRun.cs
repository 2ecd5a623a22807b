using System.Text.Json.Nodes;
using Fixlify.Actions;
using Fixlify.Api;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>A dry run's report, or what is wrong with the records it was asked to use (nothing ran then).</summary>
public sealed record DryRunResult(JsonObject? Report, IReadOnlyList<FieldError> Errors);

/// <summary>
/// Tries a workflow's current definition on real records without doing anything: builds the context as an execution's
/// start does, then has the <see cref="PlanWalker"/> — the same walk a real run makes — walk it with
/// <see cref="SimulatedWorkflowEffects"/>: a clock that starts now, the handlers' previews instead of sends. Every database
/// read is in a read-only transaction; nothing is sent, logged or written.
/// </summary>
public sealed class WorkflowDryRun(TenantDatabase database, WorkflowPlans plans, ActionHandlers handlers, ExecuteAction actions, TimeProvider clock)
{
    public const string WouldRun = SimulatedWorkflowEffects.WouldRun;

    public async Task<DryRunResult> RunAsync(Guid organizationId, WorkflowRecord workflow, JsonObject triggerData, CancellationToken cancellationToken)
    {
        var plan = plans.Compile(workflow);
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

        // What a run carries of its records: the same cut of the context.
        var state = ContextProjection.Project(built.Values, [.. plan.Reads, .. ContextProjection.Always]);
        state["steps"] = new JsonObject();
        var startsAt = clock.GetUtcNow().ToUniversalTime();
        var effects = new SimulatedWorkflowEffects(handlers, actions, organizationId, executionId, startsAt);
        var walker = new PlanWalker(plan, state, chainDepth: 0, effects);
        foreach (var warning in built.Warnings)
        {
            walker.Warn(warning);
        }

        var outcome = await walker.RunAsync();
        var records = new JsonObject();
        foreach (var record in TriggerTypes.All.GetValueOrDefault(workflow.TriggerType) ?? [])
        {
            records[record] = record == "technicians"
                ? (built.Values["technicians"] as JsonArray)?.Count ?? 0
                : ActionContext.RecordId(built.Values, record)?.ToString();
        }

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
                ["outcome"] = outcome.FailedStep is null ? "would_complete" : "would_fail",
                ["error"] = outcome.FailedStep is { } failed ? $"Step '{failed.Key}' ({failed.Type}) would fail: {failed.Reason}" : null,
                ["warnings"] = new JsonArray([.. outcome.Warnings.Select(w => (JsonNode?)w)]),
                ["records"] = records,
                ["steps"] = effects.Entries,
            },
            []);
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
