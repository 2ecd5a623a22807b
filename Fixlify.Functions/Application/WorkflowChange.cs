using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>What changing a saved workflow came to (<see cref="UpdateWorkflow"/>, <see cref="DeactivateWorkflow"/>).</summary>
internal abstract record WorkflowChange
{
    internal sealed record Saved(WorkflowRecord Workflow) : WorkflowChange;

    /// <summary>No such workflow in the caller's organization.</summary>
    internal sealed record NotFound : WorkflowChange;

    /// <summary>The workflow changed since the caller read it (its ETag no longer matches): nothing saved.</summary>
    internal sealed record Changed(WorkflowRecord Current) : WorkflowChange;

    /// <summary>
    /// Reads the workflow for a change, locked until the transaction ends: the current row, or why the change cannot go
    /// ahead (none in the organization; its ETag fails <paramref name="holds"/>, the caller's If-Match).
    /// </summary>
    internal static async Task<(WorkflowRecord? Current, WorkflowChange? Refused)> LockAsync(
        DatabaseTransaction transaction, Guid workflowId, Func<string, bool>? holds, CancellationToken cancellationToken)
    {
        var current = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken, forUpdate: true);
        if (current is null)
        {
            return (null, new NotFound());
        }

        return holds is not null && !holds(current.ETag) ? (null, new Changed(current)) : (current, null);
    }
}
