using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>Switches a workflow off: it no longer starts on its trigger (executions already running go on), and a scheduled one has no next run.</summary>
internal sealed class DeactivateWorkflow(TenantDatabase database, SaveWorkflow save)
{
    /// <param name="Holds">The caller's precondition on the current ETag (If-Match); null when there is none.</param>
    /// <param name="By">Who switches it off (the audit trail's row).</param>
    internal sealed record Request(Guid OrganizationId, Guid WorkflowId, Func<string, bool>? Holds, Actor By);

    public async Task<WorkflowChange> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
        if ((await WorkflowChange.LockAsync(transaction, request.WorkflowId, request.Holds, cancellationToken)).Refused is { } refused)
        {
            return refused;
        }

        var changed = await WorkflowRepository.SetActiveAsync(transaction, request.WorkflowId, false, cancellationToken);
        changed = await save.ScheduleAsync(transaction, changed!, cancellationToken);
        await AuditTrail.RecordAsync(
            transaction, request.OrganizationId, request.By, new AuditTrail.Change(AuditAction.WorkflowDeactivated, changed.Id, SubjectName: changed.Name), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WorkflowChange.Saved(changed);
    }
}
