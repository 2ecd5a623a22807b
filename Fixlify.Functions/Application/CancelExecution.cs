using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.DurableTask.Client;

namespace Fixlify.Application;

/// <summary>Stops a running execution: terminates its orchestration, then marks it cancelled.</summary>
internal sealed class CancelExecution(TenantDatabase database, FinishExecution finish)
{
    internal abstract record Result
    {
        internal sealed record Cancelled(Guid ExecutionId) : Result;

        internal sealed record NotFound : Result;

        /// <summary>It had already ended, as <see cref="Status"/>.</summary>
        internal sealed record AlreadyEnded(ExecutionStatus Status) : Result;

        /// <summary>It ended between the check and the cancel.</summary>
        internal sealed record EndedFirst : Result;
    }

    /// <param name="by">Who cancels it: the token's subject is written in the execution's error; the audit trail keeps a row.</param>
    public Task<Result> ExecuteAsync(Guid organizationId, Guid executionId, Actor by, DurableTaskClient client, CancellationToken cancellationToken) =>
        ExecuteAsync(organizationId, executionId, by, null, client, cancellationToken);

    /// <param name="by">Who cancels it; the audit trail keeps a row.</param>
    /// <param name="reason">Why, written in the execution's error in place of "Cancelled by …" (null: that).</param>
    public async Task<Result> ExecuteAsync(Guid organizationId, Guid executionId, Actor by, string? reason, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ExecutionRecord? execution;
        string? workflowName = null;
        await using (var read = await database.BeginAsync(organizationId, cancellationToken))
        {
            execution = await ExecutionLogRepository.GetAsync(read, executionId, cancellationToken);
            if (execution?.WorkflowId is { } workflowId)
            {
                workflowName = (await WorkflowRepository.GetAsync(read, workflowId, cancellationToken))?.Name;
            }

            if (execution is null)
            {
                return new Result.NotFound();
            }

            if (execution.IsFinished)
            {
                return new Result.AlreadyEnded(execution.Status);
            }
        }

        var why = reason ?? $"Cancelled by {by.Subject}.";
        await client.TerminateInstanceAsync(executionId.ToString(), why, cancellationToken);
        if (!await finish.RunAsync(new FinishExecutionInput(executionId, organizationId, ExecutionStatus.Cancelled, why), cancellationToken))
        {
            return new Result.EndedFirst();
        }

        // The change is the orchestration's end and the execution's row (FinishExecution's own transaction): the row follows it.
        await using (var audit = await database.BeginAsync(organizationId, cancellationToken))
        {
            await AuditTrail.RecordAsync(
                audit, organizationId, by, new AuditTrail.Change(AuditAction.ExecutionCancelled, execution.WorkflowId, executionId, workflowName), cancellationToken);
            await audit.CommitAsync(cancellationToken);
        }

        return new Result.Cancelled(executionId);
    }
}
