using Fixlify.Data;
using Fixlify.Telemetry;

namespace Fixlify.Application;

/// <summary>
/// Switches a workflow off: it no longer starts on its trigger (executions already running go on), and a scheduled one has no
/// next run. The runs a pause kept from running (logged <c>paused</c>) are cancelled saying why, each in the audit trail:
/// switched off, the automation would never run them. Its running executions held by the pause stay held until it is resumed.
/// </summary>
internal sealed class DeactivateWorkflow(TenantDatabase database, SaveWorkflow save, ExecutionUpdateNotifier updates)
{
    /// <summary>The reason a paused run gives when its automation was switched off (the execution's error, as the office reads it).</summary>
    internal const string SwitchedOffWhilePaused = "Not run: the automation was switched off while paused.";

    /// <param name="Holds">The caller's precondition on the current ETag (If-Match); null when there is none.</param>
    /// <param name="By">Who switches it off (the audit trail's row).</param>
    internal sealed record Request(Guid OrganizationId, Guid WorkflowId, Func<string, bool>? Holds, Actor By);

    public async Task<WorkflowChange> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        WorkflowChange.Saved saved;
        IReadOnlyList<PausedWorkflows.PausedExecution> paused;
        await using (var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken))
        {
            if ((await WorkflowChange.LockAsync(transaction, request.WorkflowId, request.Holds, cancellationToken)).Refused is { } refused)
            {
                return refused;
            }

            var changed = await WorkflowRepository.SetActiveAsync(transaction, request.WorkflowId, false, cancellationToken);
            changed = await save.ScheduleAsync(transaction, changed!, cancellationToken);
            await AuditTrail.RecordAsync(
                transaction, request.OrganizationId, request.By, new AuditTrail.Change(AuditAction.WorkflowDeactivated, changed.Id, SubjectName: changed.Name), cancellationToken);
            // In the switch's transaction: a resume waits for it (the workflow's row is locked), then finds none left paused.
            paused = await PausedWorkflows.ExecutionsAsync(transaction, request.WorkflowId, cancellationToken);
            foreach (var execution in paused)
            {
                await ExecutionLogRepository.FinishAsync(
                    transaction, execution.Id, request.OrganizationId, ExecutionStatus.Cancelled, SwitchedOffWhilePaused, warnings: null, cancellationToken);
                await AuditTrail.RecordAsync(
                    transaction, request.OrganizationId, request.By,
                    new AuditTrail.Change(AuditAction.ExecutionCancelled, changed.Id, execution.Id, changed.Name, After: SwitchedOffWhilePaused), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            saved = new WorkflowChange.Saved(changed);
        }

        if (paused.Count > 0)
        {
            updates.Changed(request.OrganizationId);
            foreach (var _ in paused)
            {
                AutomationMetrics.ExecutionEnded(ExecutionStatus.Cancelled.Text());
            }
        }

        return saved;
    }
}
