using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.DurableTask.Client;

namespace Fixlify.Application;

/// <summary>Runs an ended execution again: a new execution of its workflow (as it is now) from the same event and context.</summary>
internal sealed class RetryExecution(TenantDatabase database, ExecutionStarter starter)
{
    internal abstract record Result
    {
        internal sealed record Started(Guid ExecutionId, Guid RetryOf) : Result;

        internal sealed record NotFound : Result;

        /// <summary>The execution has not ended (it is <see cref="Status"/>).</summary>
        internal sealed record StillRunning(ExecutionStatus Status) : Result;

        internal sealed record WorkflowDeleted : Result;

        /// <summary>Its record is in the workflow's hold-out group: kept out on purpose, it is not run.</summary>
        internal sealed record HeldOut : Result;

        internal sealed record WorkflowInactive(string Name) : Result;

        /// <summary>The workflow's saved definition no longer compiles (<see cref="Reason"/>).</summary>
        internal sealed record CannotRun(string Name, string Reason) : Result;
    }

    /// <param name="by">Who retries it (the audit trail's row).</param>
    public async Task<Result> ExecuteAsync(Guid organizationId, Guid executionId, Actor by, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ExecutionRecord? execution;
        WorkflowRecord? workflow = null;
        await using (var read = await database.BeginAsync(organizationId, cancellationToken))
        {
            execution = await ExecutionLogRepository.GetAsync(read, executionId, cancellationToken);
            if (execution?.WorkflowId is { } workflowId)
            {
                workflow = await WorkflowRepository.GetAsync(read, workflowId, cancellationToken);
            }
        }

        if (execution is null)
        {
            return new Result.NotFound();
        }

        if (!execution.IsFinished)
        {
            return new Result.StillRunning(execution.Status);
        }

        if (execution.Status == ExecutionStatus.HeldOut)
        {
            return new Result.HeldOut();
        }

        if (workflow is not { IsActive: true })
        {
            return workflow is null ? new Result.WorkflowDeleted() : new Result.WorkflowInactive(workflow.Name);
        }

        var trigger = (JsonObject)execution.TriggerData.DeepClone();
        trigger["retryOf"] = execution.Id.ToString();
        try
        {
            var started = await starter.StartAsync(
                client,
                new ExecutionStarter.StartRequest(organizationId, workflow, execution.TriggerType, trigger, execution.EventId, execution.ChainDepth, UUIDNext.Uuid.NewSequential()),
                cancellationToken);
            await using (var audit = await database.BeginAsync(organizationId, cancellationToken))
            {
                await AuditTrail.RecordAsync(
                    audit,
                    organizationId,
                    by,
                    new AuditTrail.Change(AuditAction.ExecutionRetried, workflow.Id, started.ExecutionId, workflow.Name, Before: execution.Id.ToString()),
                    cancellationToken);
                await audit.CommitAsync(cancellationToken);
            }

            return new Result.Started(started.ExecutionId, execution.Id);
        }
        catch (InvalidWorkflowException e)
        {
            return new Result.CannotRun(workflow.Name, e.Message);
        }
    }
}
