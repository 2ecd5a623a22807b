using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.DurableTask.Client;

namespace Fixlify.Application;

/// <summary>
/// Resumes a paused automation (issue 25): the executions logged while it was paused run, oldest first — or, when the person
/// chooses, only those that came after <c>onlyAfter</c>, the rest <c>cancelled</c> saying why; its executions held at an
/// action go on at their next check.
/// </summary>
internal sealed class ResumeWorkflow(TenantDatabase database, FinishExecution finish)
{
    internal abstract record Result
    {
        /// <summary>Resumed: <see cref="Started"/> executions run, <see cref="Cancelled"/> were dropped.</summary>
        internal sealed record Resumed(int Started, int Cancelled) : Result;

        internal sealed record NotFound : Result;

        internal sealed record NotPaused : Result;
    }

    /// <param name="onlyAfter">Run only the executions logged after this moment (UTC); null: all of them.</param>
    public async Task<Result> ExecuteAsync(Guid organizationId, Guid workflowId, DateTimeOffset? onlyAfter, DurableTaskClient client, CancellationToken cancellationToken)
    {
        string? cancelReason = null;
        IReadOnlyList<PausedWorkflows.PausedExecution> paused;
        List<Guid> run;
        List<Guid> drop;
        await using (var transaction = await database.BeginAsync(organizationId, cancellationToken))
        {
            if (await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken) is null)
            {
                return new Result.NotFound();
            }

            if (!await PausedWorkflows.ResumeAsync(transaction, workflowId, cancellationToken))
            {
                return new Result.NotPaused();
            }

            paused = await PausedWorkflows.ExecutionsAsync(transaction, workflowId, cancellationToken);
            run = [.. paused.Where(e => onlyAfter is null || DateTime.SpecifyKind(e.CreatedAt, DateTimeKind.Utc) > onlyAfter.Value.UtcDateTime).Select(e => e.Id)];
            drop = [.. paused.Select(e => e.Id).Except(run)];
            if (drop.Count > 0 && onlyAfter is { } after)
            {
                var zone = await Organizations.TimeZoneAsync(transaction, organizationId, cancellationToken);
                cancelReason = $"Not run: the automation was paused, and it was resumed with only the runs that came after {HoldReasons.Moment(after.UtcDateTime, zone, DateTime.UtcNow)}.";
            }

            await PausedWorkflows.ReleaseAsync(transaction, run, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var id in drop)
        {
            await finish.RunAsync(new FinishExecutionInput(id, organizationId, ExecutionStatus.Cancelled, cancelReason), cancellationToken);
        }

        // In the order they came; one that cannot be scheduled now stays pending, and the scheduler's tick schedules it.
        foreach (var id in run)
        {
            await ExecutionStarter.ScheduleAsync(client, id, organizationId, cancellationToken);
        }

        return new Result.Resumed(run.Count, drop.Count);
    }
}
