using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>Deletes a workflow (a soft delete: executions already running finish).</summary>
internal sealed class DeleteWorkflow(TenantDatabase database)
{
    /// <summary><see cref="Deleted"/> false: no such workflow in the organization.</summary>
    internal sealed record Result(bool Deleted);

    public async Task<Result> ExecuteAsync(Guid organizationId, Guid workflowId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        if (!await WorkflowRepository.DeleteAsync(transaction, workflowId, cancellationToken))
        {
            return new Result(false);
        }

        await transaction.CommitAsync(cancellationToken);
        return new Result(true);
    }
}
