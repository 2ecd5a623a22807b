using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>Deletes a workflow (a soft delete: executions already running finish).</summary>
internal sealed class DeleteWorkflow(TenantDatabase database)
{
    /// <summary><see cref="Deleted"/> false: no such workflow in the organization.</summary>
    internal sealed record Result(bool Deleted);

    /// <param name="by">Who deletes it (the audit trail's row).</param>
    public async Task<Result> ExecuteAsync(Guid organizationId, Guid workflowId, Actor by, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        var workflow = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken, forUpdate: true);
        if (workflow is null || !await WorkflowRepository.DeleteAsync(transaction, workflowId, cancellationToken))
        {
            return new Result(false);
        }

        await AuditTrail.RecordAsync(
            transaction, organizationId, by, new AuditTrail.Change(AuditAction.WorkflowDeleted, workflowId, SubjectName: workflow.Name), cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new Result(true);
    }
}
