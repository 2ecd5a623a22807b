using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Application;

/// <summary>
/// A workflow's executions running or waiting, by version and the step they are at, read in one snapshot with its draft's
/// step ids (so the publish dialog can say whether the draft keeps each step).
/// </summary>
internal sealed class ListInFlightExecutions(TenantDatabase database)
{
    /// <param name="DraftSteps">The draft's step ids; null when the workflow has no draft.</param>
    internal sealed record InFlight(WorkflowRecord Live, IReadOnlySet<string>? DraftSteps, IReadOnlyList<InFlightExecutions.Group> Groups);

    /// <summary>The groups; null when the workflow is not the organization's.</summary>
    public async Task<InFlight?> ExecuteAsync(Guid organizationId, Guid workflowId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken);
        if (await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken) is not { } live)
        {
            return null;
        }

        var draft = await WorkflowDrafts.GetAsync(transaction, workflowId, cancellationToken);
        var draftSteps = draft is null
            ? null
            : VersionDifference.StepIds(new VersionDifference.Definition(draft.TriggerType, draft.TriggerConfig, draft.Nodes, draft.Steps, draft.Schedule));
        return new InFlight(live, draftSteps, await InFlightExecutions.GroupsAsync(transaction, workflowId, cancellationToken));
    }
}
