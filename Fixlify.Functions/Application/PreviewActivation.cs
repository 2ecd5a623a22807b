using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>
/// What switching a workflow on would meet: the records that already qualify for its trigger, counted and a few named, so
/// the person chooses "only from now on" or "also these now" before anything is sent.
/// </summary>
internal sealed class PreviewActivation(TenantDatabase database, TimeProvider clock)
{
    internal sealed record Preview(WorkflowRecord Workflow, ExistingRecords Existing);

    /// <returns>Null when the organization has no such workflow.</returns>
    public async Task<Preview?> ExecuteAsync(Guid organizationId, Guid workflowId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        var workflow = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken);
        return workflow is null ? null : new(workflow, await ExistingRecords.FindAsync(transaction, workflow, clock.GetUtcNow(), cancellationToken));
    }
}
