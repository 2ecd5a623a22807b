using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>
/// Pauses an automation (issue 25): it keeps accepting its triggers — their executions are logged <c>paused</c>, in order,
/// and nothing runs — and its executions already running hold at their next action until it is resumed.
/// </summary>
internal sealed class PauseWorkflow(TenantDatabase database)
{
    internal abstract record Result
    {
        /// <summary>Paused since <see cref="Since"/> (UTC; the first pause when it was paused already); <see cref="WaitingToRun"/> runs came meanwhile.</summary>
        internal sealed record Paused(DateTime Since, int WaitingToRun) : Result;

        internal sealed record NotFound : Result;
    }

    /// <param name="by">Who pauses it (the token's subject).</param>
    public async Task<Result> ExecuteAsync(Guid organizationId, Guid workflowId, string by, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        var since = await PausedWorkflows.PauseAsync(transaction, workflowId, by, cancellationToken);
        if (since is null)
        {
            return new Result.NotFound();
        }

        var waiting = (await PausedWorkflows.ExecutionsAsync(transaction, workflowId, cancellationToken)).Count;
        await transaction.CommitAsync(cancellationToken);
        return new Result.Paused(DateTime.SpecifyKind(since.Value, DateTimeKind.Utc), waiting);
    }
}
