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

    /// <param name="by">Who cancels it (the token's subject), written in the execution's error.</param>
    public async Task<Result> ExecuteAsync(Guid organizationId, Guid executionId, string by, DurableTaskClient client, CancellationToken cancellationToken)
    {
        await using (var read = await database.BeginAsync(organizationId, cancellationToken))
        {
            var execution = await ExecutionLogRepository.GetAsync(read, executionId, cancellationToken);
            if (execution is null)
            {
                return new Result.NotFound();
            }

            if (execution.IsFinished)
            {
                return new Result.AlreadyEnded(execution.Status);
            }
        }

        await client.TerminateInstanceAsync(executionId.ToString(), $"Cancelled by {by}", cancellationToken);
        return await finish.RunAsync(new FinishExecutionInput(executionId, organizationId, ExecutionStatus.Cancelled, $"Cancelled by {by}."), cancellationToken)
            ? new Result.Cancelled(executionId)
            : new Result.EndedFirst();
    }
}
