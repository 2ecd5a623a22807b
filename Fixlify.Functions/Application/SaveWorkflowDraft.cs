using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>Saves a workflow's draft (already read and checked): the live version keeps running until it is published.</summary>
internal sealed class SaveWorkflowDraft(TenantDatabase database)
{
    internal sealed record Request(Guid OrganizationId, Guid WorkflowId, WorkflowRepository.WorkflowFields Fields, Actor Author);

    /// <summary>The saved draft; null when the workflow is not the organization's.</summary>
    public async Task<WorkflowDraftRecord?> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
        if (await WorkflowRepository.GetAsync(transaction, request.WorkflowId, cancellationToken) is not { } live)
        {
            return null;
        }

        var draft = await WorkflowDrafts.SaveAsync(
            transaction, request.OrganizationId, request.WorkflowId, request.Fields, live.Version, request.Author.Subject, request.Author.Name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return draft;
    }
}
