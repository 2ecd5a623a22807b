using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.DurableTask.Client;

namespace Fixlify.Application;

/// <summary>
/// Publishes a workflow's draft: it becomes the next version, the one new executions take, and the draft is gone. The
/// executions already running on older versions finish on their version unless the person chose otherwise for their
/// group (version and step): those chosen to be cancelled are, with the reason in their error; those chosen to move are
/// told to (ADR 0021: each takes the new version at its next step, in its orchestration). The audit trail keeps a row
/// saying how many moved and how many were cancelled.
/// </summary>
internal sealed class PublishWorkflowDraft(TenantDatabase database, SaveWorkflow save, CancelExecution cancel)
{
    /// <param name="Holds">The caller's precondition on the live workflow's ETag (If-Match); null when there is none.</param>
    internal sealed record Request(
        Guid OrganizationId, Guid WorkflowId, Func<string, bool>? Holds, Actor Author, IReadOnlyList<InFlightChoice> Choices);

    /// <summary>The workflow has no draft to publish.</summary>
    internal sealed record NoDraft(WorkflowRecord Workflow) : WorkflowChange;

    /// <summary>
    /// The draft is live as <paramref name="Workflow"/>'s version; <paramref name="Cancelled"/> executions were cancelled,
    /// <paramref name="Moving"/> were told to move to it at their next step, the others finish on their version.
    /// </summary>
    internal sealed record Published(WorkflowRecord Workflow, int Cancelled, int Finishing, int Moving = 0) : WorkflowChange;

    /// <summary>A choice cannot be made (a group asked to move whose step the new version does not have): nothing published.</summary>
    internal sealed record Refused(IReadOnlyList<FieldError> Errors) : WorkflowChange;

    public async Task<WorkflowChange> ExecuteAsync(Request request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        WorkflowRecord published;
        var toCancel = new List<(Guid Execution, string? Reason)>();
        var toMove = new List<Guid>();
        var running = 0;
        await using (var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken))
        {
            var (current, refused) = await WorkflowChange.LockAsync(transaction, request.WorkflowId, request.Holds, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }

            if (await WorkflowDrafts.GetAsync(transaction, request.WorkflowId, cancellationToken) is not { } draft)
            {
                return new NoDraft(current!);
            }

            if (CannotMove(request.Choices, draft) is { Count: > 0 } errors)
            {
                return new Refused(errors);
            }

            running = (int)(await InFlightExecutions.GroupsAsync(transaction, request.WorkflowId, cancellationToken)).Sum(g => g.Count);
            foreach (var choice in request.Choices.Where(c => c.Choice == InFlightChoice.Kind.Cancel))
            {
                toCancel.AddRange((await InFlightExecutions.IdsAsync(transaction, request.WorkflowId, choice.Version, choice.StepId, cancellationToken))
                    .Select(id => (id, choice.Reason)));
            }

            foreach (var choice in request.Choices.Where(c => c.Choice == InFlightChoice.Kind.Move))
            {
                toMove.AddRange(await InFlightExecutions.IdsAsync(transaction, request.WorkflowId, choice.Version, choice.StepId, cancellationToken));
            }

            published = (await WorkflowRepository.UpdateAsync(transaction, request.WorkflowId, draft.Fields(), cancellationToken))!;
            published = await save.CompileAsync(transaction, published, cancellationToken);
            await SaveWorkflow.NoteAsync(transaction, published, request.Author, null, cancellationToken);
            await AuditTrail.RecordAsync(
                transaction, request.OrganizationId, request.Author, WorkflowAudit.Published(current!, published, toMove.Count, toCancel.Count), cancellationToken);
            await WorkflowDrafts.DeleteAsync(transaction, request.WorkflowId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // After the commit: new executions already take the new version; the chosen old ones stop now.
        var cancelled = 0;
        var by = request.Author.Name ?? request.Author.Subject;
        foreach (var (execution, reason) in toCancel)
        {
            var why = $"Cancelled by {by} when version {published.Version} was published" + (string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason.Trim()})") + ".";
            if (await cancel.ExecuteAsync(request.OrganizationId, execution, request.Author, why, client, cancellationToken) is CancelExecution.Result.Cancelled)
            {
                cancelled++;
            }
        }

        // Told after the commit, like a cancel: each takes the new version between its steps (DurableVersionMoves).
        foreach (var execution in toMove)
        {
            await client.RaiseEventAsync(execution.ToString(), MoveToVersion.EventName, new MoveToVersion(published.Version), cancellationToken);
        }

        return new Published(published, cancelled, running - toCancel.Count - toMove.Count, toMove.Count);
    }

    /// <summary>
    /// The choices to move a group that cannot move: a group moves only when the new version has the step it is at (by id,
    /// as the in-flight groups' <c>inDraft</c> says); those not begun have no step to be matched.
    /// </summary>
    static List<FieldError> CannotMove(IReadOnlyList<InFlightChoice> choices, WorkflowDraftRecord draft)
    {
        var steps = VersionDifference.StepIds(new VersionDifference.Definition(draft.TriggerType, draft.TriggerConfig, draft.Nodes, draft.Steps, draft.Schedule));
        var errors = new List<FieldError>();
        for (var i = 0; i < choices.Count; i++)
        {
            if (choices[i] is { Choice: InFlightChoice.Kind.Move } move && (move.StepId is null || !steps.Contains(move.StepId)))
            {
                var which = move.StepId is null ? "have not begun a step" : $"are at a step (“{move.StepId}”) the new version does not have";
                errors.Add(new FieldError(
                    $"inFlight[{i}].choice",
                    $"The executions on version {move.Version} {which}, so they cannot move to the new version: choose to let them finish on their version, or to cancel them."));
            }
        }

        return errors;
    }
}
