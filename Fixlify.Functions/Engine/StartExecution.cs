using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

public sealed record StartExecutionInput(Guid ExecutionId, Guid OrganizationId);

/// <summary>What an execution runs: its plan snapshot and context, or why it must not run (it already ended).</summary>
public sealed record ExecutionStart(bool Proceed, WorkflowPlan? Plan, JsonObject? Context, int ChainDepth, string? Reason);

/// <summary>
/// Activity: marks the execution processing and builds its context: the trigger, the workflow, the organization and
/// the business records the trigger concerns (client, job, invoice, estimate, technician), freshly loaded.
/// </summary>
public sealed class StartExecution(TenantDatabase database, ILogger<StartExecution> logger)
{
    static readonly string[] LoadOrder = ["job", "invoice", "estimate", "client", "technician"];
    static readonly string[] Owners = ["job", "invoice", "estimate"];

    public async Task<ExecutionStart> RunAsync(StartExecutionInput input, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken);
        var execution = await ExecutionLogRepository.GetAsync(transaction, input.ExecutionId, cancellationToken, forUpdate: true);
        if (execution is null || execution.Definition is null)
        {
            Log.ExecutionMissing(logger, input.ExecutionId);
            return new ExecutionStart(false, null, null, 0, "The execution does not exist.");
        }

        if (execution.IsFinished)
        {
            return new ExecutionStart(false, null, null, 0, $"The execution already ended ({execution.Status}).");
        }

        await ExecutionLogRepository.MarkProcessingAsync(transaction, execution.Id, cancellationToken);
        await ExecutionLogRepository.NotifyAsync(transaction, input.OrganizationId, execution.Id, "processing", null, cancellationToken);
        var plan = WorkflowPlanJson.FromJson(execution.Definition);
        var context = await BuildContextAsync(transaction, execution, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Log.ExecutionStarted(logger, execution.Id, execution.WorkflowId, execution.TriggerType);
        return new ExecutionStart(true, plan, context, execution.ChainDepth, null);
    }

    static async Task<JsonObject> BuildContextAsync(DatabaseTransaction transaction, ExecutionRecord execution, CancellationToken cancellationToken)
    {
        var trigger = (JsonObject)execution.TriggerData.DeepClone();
        trigger["type"] = execution.TriggerType;
        var workflow = execution.WorkflowId is { } workflowId ? await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken) : null;
        var context = new JsonObject
        {
            ["trigger"] = trigger,
            ["workflow"] = new JsonObject { ["id"] = execution.WorkflowId?.ToString(), ["name"] = workflow?.Name, ["version"] = execution.WorkflowVersion },
            ["execution"] = new JsonObject { ["id"] = execution.Id.ToString() },
            ["steps"] = new JsonObject(),
            ["organization"] = await BusinessRecords.LoadAsync(transaction, "organization", execution.OrganizationId, cancellationToken),
        };

        var wanted = TriggerTypes.All.GetValueOrDefault(execution.TriggerType) ?? [];
        var ids = new Dictionary<string, Guid>();
        if (TriggerTypes.EntityOf(execution.TriggerType) is { } entity && Guid.TryParse(trigger["entityId"]?.ToString(), out var entityId))
        {
            ids[entity] = entityId;
        }

        // A manual run names its records: {"jobId": "..."} (or {"job": {"id": "..."}}).
        foreach (var record in BusinessRecords.Tables.Keys.Where(r => r != "organization"))
        {
            if (Guid.TryParse(trigger["data"]?[$"{record}Id"]?.ToString() ?? trigger["data"]?[record]?["id"]?.ToString(), out var id))
            {
                ids.TryAdd(record, id);
            }
        }

        // The trigger's record first, then the records it points at.
        foreach (var record in LoadOrder)
        {
            if (!wanted.Contains(record))
            {
                continue;
            }

            if (!ids.TryGetValue(record, out var id))
            {
                var foreignKey = $"{record}_id";
                var owner = Owners.Select(r => context[r] as JsonObject).FirstOrDefault(r => r?[foreignKey] is not null);
                if (!Guid.TryParse(owner?[foreignKey]?.ToString(), out id))
                {
                    continue;
                }
            }

            context[record] = await BusinessRecords.LoadAsync(transaction, record, id, cancellationToken);
        }

        if (wanted.Contains("technicians"))
        {
            context["technicians"] = await BusinessRecords.ActiveTechniciansAsync(transaction, cancellationToken);
        }

        return context;
    }
}
