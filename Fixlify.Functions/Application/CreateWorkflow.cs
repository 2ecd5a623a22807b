using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>Creates a workflow from a definition already read and checked (<see cref="WorkflowInput.ReadAndValidate"/>).</summary>
internal sealed class CreateWorkflow(TenantDatabase database, SaveWorkflow save)
{
    /// <param name="Key">The request's idempotency key; null when it has none.</param>
    /// <param name="By">Who creates it (the audit trail's row).</param>
    internal sealed record Request(Guid OrganizationId, Guid? CreatedBy, WorkflowRepository.WorkflowFields Fields, CreationKey? Key, Actor By);

    public async Task<WorkflowCreation> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
        if (request.Key is not null && await request.Key.ClaimAsync(transaction, request.OrganizationId, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var created = await save.InsertAsync(transaction, request.OrganizationId, request.Fields, request.CreatedBy, cancellationToken);
        if (request.Key is not null)
        {
            await request.Key.RecordAsync(transaction, request.OrganizationId, created.Id, cancellationToken);
        }

        await AuditTrail.RecordAsync(transaction, request.OrganizationId, request.By, WorkflowAudit.Created(created), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WorkflowCreation.Created(created);
    }
}
