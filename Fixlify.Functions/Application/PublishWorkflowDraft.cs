using Fixlify.Data;
using Microsoft.DurableTask.Client;

namespace Fixlify.Application;

/// <summary>
/// Publishes a workflow's draft: it becomes the next version, the one new executions take, and the draft is gone. The
/// executions already running on older versions finish on their version unless the person chose otherwise for their
/// group (version and step): those chosen to be cancelled are, with the reason in their error.
/// </summary>
internal sealed class PublishWorkflowDraft(TenantDatabase database, SaveWorkflow save, CancelExecution cancel)
{
    /// <param name="Holds">The caller's precondition on the live workflow's ETag (If-Match); null when there is none.</param>
    internal sealed record Request(
        Guid OrganizationId, Guid WorkflowId, Func<string, bool>? Holds, Actor Author, IReadOnlyList<InFlightChoice> Choices);

    /// <summary>The workflow has no draft to publish.</summary>
    internal sealed record NoDraft(WorkflowRecord Workflow) : WorkflowChange;

    /// <summary>The draft is live as <paramref name="Workflow"/>'s version; <paramref name="Cancelled"/> executions were cancelled.</summary>
    internal sealed record Published(WorkflowRecord Workflow, int Cancelled, int Finishing) : WorkflowChange;

    public async Task<WorkflowChange> ExecuteAsync(Request request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        WorkflowRecord published;
        var toCancel = new List<(Guid Execution, string? Reason)>();
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

            running = (int)(await InFlightExecutions.GroupsAsync(transaction, request.WorkflowId, cancellationToken)).Sum(g => g.Count);
            foreach (var choice in request.Choices.Where(c => c.Choice == InFlightChoice.Kind.Cancel))
            {
                toCancel.AddRange((await InFlightExecutions.IdsAsync(transaction, request.WorkflowId, choice.Version, choice.StepId, cancellationToken))
                    .Select(id => (id, choice.Reason)));
            }

            published = (await WorkflowRepository.UpdateAsync(transaction, request.WorkflowId, draft.Fields(), cancellationToken))!;
            published = await save.CompileAsync(transaction, published, cancellationToken);
            await SaveWorkflow.NoteAsync(transaction, published, request.Author, null, cancellationToken);
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

        return new Published(published, cancelled, running - toCancel.Count);
    }
}
