using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>
/// Goes back to an older version: a new version equal to it (its trigger, settings, steps and schedule; the name, the
/// description and whether it is on stay as they are now). Executions keep the version they started on.
/// </summary>
internal sealed class RestoreWorkflowVersion(TenantDatabase database, SaveWorkflow save)
{
    /// <param name="Holds">The caller's precondition on the current ETag (If-Match); null when there is none.</param>
    internal sealed record Request(Guid OrganizationId, Guid WorkflowId, int Version, Func<string, bool>? Holds, Actor Author);

    /// <summary>The workflow exists but has no stored version with that number.</summary>
    internal sealed record NoSuchVersion(WorkflowRecord Workflow) : WorkflowChange;

    public async Task<WorkflowChange> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
        var (current, refused) = await WorkflowChange.LockAsync(transaction, request.WorkflowId, request.Holds, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (await WorkflowVersionRepository.GetAsync(transaction, request.WorkflowId, request.Version, cancellationToken) is not { } old)
        {
            return new NoSuchVersion(current!);
        }

        var schedule = await WorkflowVersionRepository.ScheduleAsync(transaction, request.WorkflowId, request.Version, cancellationToken) ?? current!.Schedule;
        var fields = new WorkflowRepository.WorkflowFields(
            current!.Name, current.Description, old.TriggerType, old.TriggerConfig, old.Nodes, old.Edges, old.Steps, null, schedule);
        var restored = (await WorkflowRepository.UpdateAsync(transaction, request.WorkflowId, fields, cancellationToken))!;
        restored = await save.CompileAsync(transaction, restored, cancellationToken);
        await SaveWorkflow.NoteAsync(transaction, restored, request.Author, request.Version, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WorkflowChange.Saved(restored);
    }
}
