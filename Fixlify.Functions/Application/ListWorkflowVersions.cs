using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>A page of a workflow's version history, newest first: the versions below <c>before</c> (null: from the newest).</summary>
internal sealed class ListWorkflowVersions(TenantDatabase database)
{
    internal sealed record Request(Guid OrganizationId, Guid WorkflowId, int? Before, int Limit);

    /// <summary>The page, and the <c>before</c> that reads the next one (null: this page holds the oldest version).</summary>
    internal sealed record Page(WorkflowRecord Workflow, IReadOnlyList<WorkflowVersionRepository.HistoryEntry> Items, int? NextBefore);

    /// <summary>The page; null when the workflow is not the organization's.</summary>
    public async Task<Page?> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginReadOnlyAsync(request.OrganizationId, cancellationToken);
        if (await WorkflowRepository.GetAsync(transaction, request.WorkflowId, cancellationToken) is not { } workflow)
        {
            return null;
        }

        // One more than the page, to know whether an older version follows.
        var read = await WorkflowVersionRepository.HistoryAsync(transaction, workflow.Id, request.Before, request.Limit + 1, cancellationToken);
        var items = read.Take(request.Limit).ToList();
        return new Page(workflow, items, read.Count > request.Limit ? items[^1].Version : null);
    }
}
