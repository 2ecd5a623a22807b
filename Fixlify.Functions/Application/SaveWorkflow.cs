using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Application;

/// <summary>
/// Saving a workflow, the one way every use case does it (created, updated, made from a template, switched on or off):
/// the row, its version's compiled plan, and when a scheduled or recurring workflow next runs — in the caller's transaction.
/// </summary>
internal sealed class SaveWorkflow(WorkflowPlans plans, TimeProvider clock)
{
    /// <summary>Inserts a new workflow, then stores its plan and next run.</summary>
    public async Task<WorkflowRecord> InsertAsync(
        DatabaseTransaction transaction, Guid organizationId, WorkflowRepository.WorkflowFields fields, Guid? createdBy, CancellationToken cancellationToken)
    {
        var created = await WorkflowRepository.InsertAsync(transaction, organizationId, fields, createdBy, cancellationToken);
        created = await CompileAsync(transaction, created, cancellationToken);
        await WorkflowVersionRepository.NoteAsync(
            transaction, created.Id, created.Version, new(createdBy?.ToString(), null, "Created", created.Schedule, null), cancellationToken);
        return created;
    }

    /// <summary>
    /// Notes who saved the workflow's current version and what changed from the version before it, in words
    /// (<see cref="VersionDifference"/>); <paramref name="restoredFrom"/> when it restores an older version.
    /// </summary>
    public static async Task NoteAsync(
        DatabaseTransaction transaction, WorkflowRecord saved, Actor? author, int? restoredFrom, CancellationToken cancellationToken)
    {
        var previous = await WorkflowVersionRepository.GetAsync(transaction, saved.Id, saved.Version - 1, cancellationToken);
        var change = previous is null
            ? "Saved"
            : VersionDifference.Summary(
                new VersionDifference.Definition(previous.TriggerType, previous.TriggerConfig, previous.Nodes, previous.Steps,
                    await WorkflowVersionRepository.ScheduleAsync(transaction, saved.Id, saved.Version - 1, cancellationToken)),
                new VersionDifference.Definition(saved.TriggerType, saved.TriggerConfig, saved.Nodes, saved.Steps, saved.Schedule));
        var summary = restoredFrom is { } from ? $"Restored version {from}: {change}" : change;
        await WorkflowVersionRepository.NoteAsync(
            transaction, saved.Id, saved.Version, new(author?.Subject, author?.Name, summary, saved.Schedule, restoredFrom), cancellationToken);
    }

    /// <summary>Compiles the saved version, stores its plan, then its next run.</summary>
    public async Task<WorkflowRecord> CompileAsync(DatabaseTransaction transaction, WorkflowRecord workflow, CancellationToken cancellationToken)
    {
        await plans.SaveAsync(transaction, workflow, plans.Compile(workflow), cancellationToken);
        return await ScheduleAsync(transaction, workflow, cancellationToken);
    }

    /// <summary>Sets when a scheduled or recurring workflow next runs, after now; an inactive one does not run.</summary>
    public async Task<WorkflowRecord> ScheduleAsync(DatabaseTransaction transaction, WorkflowRecord workflow, CancellationToken cancellationToken)
    {
        var next = WorkflowSchedule.NextRun(workflow.TriggerType, workflow.Schedule, workflow.IsActive, clock.GetUtcNow());
        if (next == workflow.NextRunAt)
        {
            return workflow;
        }

        await WorkflowRepository.SetNextRunAsync(transaction, workflow.Id, next, cancellationToken);
        return workflow with { NextRunAt = next };
    }
}
