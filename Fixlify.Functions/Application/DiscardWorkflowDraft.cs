using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>Discards a workflow's draft; the live version is untouched. Recorded in the audit trail with the change.</summary>
internal sealed class DiscardWorkflowDraft(TenantDatabase database)
{
    internal sealed record Request(Guid OrganizationId, Guid WorkflowId, Actor By);

    internal abstract record Result;

    /// <summary>The workflow is not the organization's.</summary>
    internal sealed record NotFound : Result;

    /// <summary>The workflow has no draft to discard.</summary>
    internal sealed record NoDraft(WorkflowRecord Workflow) : Result;

    internal sealed record Discarded(WorkflowRecord Workflow) : Result;

    public async Task<Result> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
        if (await WorkflowRepository.GetAsync(transaction, request.WorkflowId, cancellationToken) is not { } live)
        {
            return new NotFound();
        }

        if (!await WorkflowDrafts.DeleteAsync(transaction, request.WorkflowId, cancellationToken))
        {
            return new NoDraft(live);
        }

        await AuditTrail.RecordAsync(
            transaction, request.OrganizationId, request.By, new AuditTrail.Change(AuditAction.DraftDiscarded, live.Id, SubjectName: live.Name), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Discarded(live);
    }
}
