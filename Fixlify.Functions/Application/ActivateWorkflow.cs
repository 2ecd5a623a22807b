using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Application;

/// <summary>
/// Switches a workflow on, with the person's choice for the records that already qualify for its trigger: "only from now
/// on" (<see cref="Choice.Skip"/>, the default: nothing starts for them) or "also these now" (<see cref="Choice.Include"/>:
/// the time triggers fire them at their next tick; a <c>job_created</c> workflow gets an event per booked job). The
/// definition is checked again first (rules may have tightened since it was saved). The choice, its moment and the count
/// are stored with the workflow (the start mark the time triggers honour).
/// </summary>
internal sealed class ActivateWorkflow(TenantDatabase database, WorkflowCompiler compiler, SaveWorkflow save, TimeProvider clock)
{
    internal enum Choice
    {
        Skip,
        Include,
    }

    internal abstract record Result;

    internal sealed record Activated(WorkflowRecord Workflow, Choice ExistingRecords, ExistingRecords Existing, DateTimeOffset At) : Result;

    internal sealed record NotFound : Result;

    /// <summary>The workflow changed since the caller read it (its ETag no longer matches).</summary>
    internal sealed record Changed(WorkflowRecord Current) : Result;

    internal sealed record Invalid(WorkflowRecord Workflow, IReadOnlyList<FieldError> Errors) : Result;

    /// <param name="expected">Whether the workflow's current ETag is the one the caller's change is based on (null: no precondition).</param>
    /// <param name="by">Who switches it on (the audit trail's row).</param>
    public async Task<Result> ExecuteAsync(
        Guid organizationId, Guid workflowId, Choice choice, Func<string, bool>? expected, Actor by, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        var workflow = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken, forUpdate: true);
        if (workflow is null)
        {
            return new NotFound();
        }

        if (expected is not null && !expected(workflow.ETag))
        {
            return new Changed(workflow);
        }

        var check = compiler.Check(new WorkflowDraft(workflow.TriggerType, workflow.TriggerConfig, workflow.Nodes, workflow.Edges, workflow.Steps), workflow.Schedule);
        if (check.Errors.Count > 0)
        {
            return new Invalid(workflow, check.Errors);
        }

        var now = clock.GetUtcNow();
        var existing = await ExistingRecords.FindAsync(transaction, workflow, now, cancellationToken);
        var activated = (await WorkflowRepository.SetActiveAsync(transaction, workflowId, true, cancellationToken))!;
        await QualifyingRecords.MarkAsync(transaction, workflowId, now, choice == Choice.Include ? "include" : "skip", existing.Count, cancellationToken);
        if (choice == Choice.Include && workflow.TriggerType == "job_created" && existing.Ids.Count > 0)
        {
            await QualifyingRecords.StartBookedJobsAsync(transaction, organizationId, workflowId, existing.Ids, now, cancellationToken);
        }

        activated = await save.ScheduleAsync(transaction, activated, cancellationToken);
        await AuditTrail.RecordAsync(
            transaction,
            organizationId,
            by,
            new AuditTrail.Change(AuditAction.WorkflowActivated, workflowId, SubjectName: activated.Name, After: choice == Choice.Include ? "include" : "skip"),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Activated(activated, choice, existing, now);
    }
}
