using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

/// <summary>
/// Starts executions: writes the execution log (with the plan snapshot) and schedules its orchestration under the
/// same id. For an event the id is a UUID v5 of (event, workflow), the insert is ON CONFLICT DO NOTHING, and only
/// the caller that inserted the row schedules: the same event dispatched twice runs once.
/// </summary>
public sealed class ExecutionStarter(TenantDatabase database, WorkflowCompiler compiler, ILogger<ExecutionStarter> logger)
{
    /// <summary>Namespace of execution ids (UUID v5 of "eventId/workflowId").</summary>
    public static readonly Guid ExecutionNamespace = Guid.Parse("6f1b8a52-3c8e-4f0e-9d4a-51c0f2a7e6b1");

    /// <param name="ExecutionId">A fresh id for a repeat of an event's execution (a retry); otherwise derived from the event.</param>
    public sealed record StartRequest(Guid OrganizationId, WorkflowRecord Workflow, string TriggerType, JsonObject TriggerData, Guid? EventId, int ChainDepth, Guid? ExecutionId = null);

    /// <param name="Created">False when an execution for this event and workflow already existed.</param>
    public sealed record StartResult(Guid ExecutionId, bool Created);

    public static Guid ExecutionIdFor(Guid eventId, Guid workflowId) => UUIDNext.Uuid.NewNameBased(ExecutionNamespace, $"{eventId}/{workflowId}");

    public async Task<StartResult> StartAsync(DurableTaskClient client, StartRequest request, CancellationToken cancellationToken)
    {
        var compiled = compiler.Compile(new WorkflowDraft(
            request.Workflow.TriggerType, request.Workflow.TriggerConfig, request.Workflow.Nodes, request.Workflow.Edges, request.Workflow.Steps));
        if (compiled.Plan is null)
        {
            throw new InvalidWorkflowException($"Workflow {request.Workflow.Id} is not valid: {string.Join("; ", compiled.Errors.Select(e => $"{e.Path}: {e.Message}"))}");
        }

        var id = request.ExecutionId ?? (request.EventId is { } eventId ? ExecutionIdFor(eventId, request.Workflow.Id) : UUIDNext.Uuid.NewSequential());
        bool inserted;
        await using (var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken))
        {
            inserted = await ExecutionLogRepository.InsertAsync(
                transaction,
                new ExecutionLogRepository.NewExecution(
                    id, request.Workflow.Id, request.OrganizationId, request.TriggerType, request.TriggerData, request.Workflow.Version,
                    WorkflowPlanJson.ToJson(compiled.Plan), request.EventId, request.ChainDepth),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (!inserted)
        {
            // Its first dispatcher logged it but may have died before scheduling: a pending row that old is re-scheduled.
            if (await IsStalePendingAsync(request.OrganizationId, id, cancellationToken))
            {
                await ScheduleAsync(client, id, request.OrganizationId, cancellationToken);
            }

            Log.ExecutionExists(logger, id);
            return new StartResult(id, false);
        }

        await ScheduleAsync(client, id, request.OrganizationId, cancellationToken);
        Log.ExecutionScheduled(logger, id, request.Workflow.Id, request.TriggerType);
        return new StartResult(id, true);
    }

    /// <summary>How long a pending execution may wait for its orchestration before a repeat dispatch schedules it again.</summary>
    public static readonly TimeSpan PendingGrace = TimeSpan.FromSeconds(30);

    async Task<bool> IsStalePendingAsync(Guid organizationId, Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        return await transaction.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM automation_execution_logs WHERE id = @id AND status = 'pending' AND created_at < now() - @grace)",
            new { id, grace = PendingGrace },
            cancellationToken);
    }

    /// <summary>Schedules the orchestration of a logged execution; an instance that already exists counts as scheduled.</summary>
    public static async Task ScheduleAsync(DurableTaskClient client, Guid executionId, Guid organizationId, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                WorkflowTasks.RunWorkflow,
                new RunWorkflowInput(executionId, organizationId),
                new StartOrchestrationOptions(executionId.ToString()),
                cancellationToken);
        }
        catch (Exception e) when (e is RpcException { StatusCode: StatusCode.AlreadyExists } || e.GetType().Name == "OrchestrationAlreadyExistsException")
        {
            // Already running: the execution is in hand.
        }
    }
}
