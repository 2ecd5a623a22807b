using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>A workflow (its live version) and its draft, read in one snapshot: what the draft routes show and compare.</summary>
internal sealed class GetWorkflowDraft(TenantDatabase database)
{
    /// <summary>The live workflow and its draft (null: it has none).</summary>
    internal sealed record Found(WorkflowRecord Live, WorkflowDraftRecord? Draft);

    /// <summary>The workflow and its draft; null when the workflow is not the organization's.</summary>
    public async Task<Found?> ExecuteAsync(Guid organizationId, Guid workflowId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken);
        return await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken) is { } live
            ? new Found(live, await WorkflowDrafts.GetAsync(transaction, workflowId, cancellationToken))
            : null;
    }
}
