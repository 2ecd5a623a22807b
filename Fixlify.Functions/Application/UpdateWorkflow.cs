using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>Saves a new definition of a workflow (already read and checked): its version goes up, with its own plan.</summary>
internal sealed class UpdateWorkflow(TenantDatabase database, SaveWorkflow save)
{
    /// <param name="Holds">The caller's precondition on the current ETag (If-Match); null when there is none.</param>
    /// <param name="By">Who saves it: the audit trail's row and the version's history.</param>
    internal sealed record Request(Guid OrganizationId, Guid WorkflowId, WorkflowRepository.WorkflowFields Fields, Func<string, bool>? Holds, Actor By);

    public async Task<WorkflowChange> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
        var (current, refused) = await WorkflowChange.LockAsync(transaction, request.WorkflowId, request.Holds, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var updated = (await WorkflowRepository.UpdateAsync(transaction, request.WorkflowId, request.Fields, cancellationToken))!;
        updated = await save.CompileAsync(transaction, updated, cancellationToken);
        await SaveWorkflow.NoteAsync(transaction, updated, request.By, null, cancellationToken);
        await AuditTrail.RecordAsync(transaction, request.OrganizationId, request.By, WorkflowAudit.Saved(current!, updated), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WorkflowChange.Saved(updated);
    }
}
