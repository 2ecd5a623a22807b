using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

/// <param name="Version">The version the publish asked it to move to.</param>
/// <param name="Position">The step it has just done and the one its own plan would run next.</param>
/// <param name="Pending">Steps the walker settled since the last activity, recorded first.</param>
internal sealed record MoveExecutionInput(Guid ExecutionId, Guid OrganizationId, int Version, MovePosition Position, IReadOnlyList<StepRecord> Pending);

/// <summary>
/// Activity: takes an execution to another version of its workflow after the step it has just done (ADR 0021). It goes on
/// with what the new version does after that step, when the new version has it on a top-level path (not inside a repeat)
/// and it is not a check (whose branch the old plan chose: then, as when the step is not there, it goes on at the step its
/// own plan would run next, if the new version has that one). The execution's row takes the version, keeps its step rows
/// and says "Moved from version 2 to version 3 at step …"; the orchestration goes on with the plan returned (read here, so
/// replays see the same). Otherwise nothing moves and the execution says why; it finishes on its own version.
/// </summary>
internal sealed class MoveExecution(TenantDatabase database, WorkflowPlans plans, ExecutionUpdateNotifier updates, ILogger<MoveExecution> logger)
{
    public async Task<ExecutionMove> RunAsync(MoveExecutionInput input, CancellationToken cancellationToken)
    {
        ExecutionMove move;
        await using (var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken))
        {
            if (input.Pending.Count > 0)
            {
                await ExecutionStepRepository.RecordAsync(transaction, input.ExecutionId, input.OrganizationId, input.Pending, ExecutionStatus.Processing, cancellationToken);
            }

            move = await DecideAsync(transaction, input, cancellationToken);
            await ExecutionMoves.MoveAsync(transaction, input.ExecutionId, move.Plan is null ? null : input.Version, move.Words, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        updates.Changed(input.OrganizationId);
        Log.Progress(logger, input.ExecutionId, move.Words);
        return move;
    }

    async Task<ExecutionMove> DecideAsync(DatabaseTransaction transaction, MoveExecutionInput input, CancellationToken cancellationToken)
    {
        var (version, at) = (input.Version, input.Position);
        if (await ExecutionLogRepository.GetAsync(transaction, input.ExecutionId, cancellationToken) is not { WorkflowId: { } workflowId } execution)
        {
            return new ExecutionMove(null, version, $"Not moved to version {version}: the execution or its workflow is gone.");
        }

        var own = execution.WorkflowVersion;
        if (own >= version)
        {
            return new ExecutionMove(null, version, $"Not moved to version {version}: it already runs version {own}.");
        }

        WorkflowPlan? plan;
        try
        {
            plan = await plans.ForVersionAsync(transaction, workflowId, version, cancellationToken);
        }
        catch (InvalidWorkflowException)
        {
            plan = null;
        }

        if (plan is null)
        {
            return new ExecutionMove(null, version, $"Not moved to version {version}: that version cannot be read, so it finishes on version {own}.");
        }

        var entries = EntryPoints(plan);
        string? next;
        if (entries.Contains(at.DoneStepId) && plan[at.DoneStepId] is not ConditionStep)
        {
            next = plan[at.DoneStepId].Next;
        }
        else if (at.NextStepId is { } ownNext && entries.Contains(ownNext))
        {
            next = ownNext;
        }
        else
        {
            return new ExecutionMove(null, version, NotMoved(plan, at, version, own));
        }

        // What the new version reads of the records that its own plan did not: freshly loaded, as a start would.
        var workflow = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken);
        var built = await ExecutionContextBuilder.BuildAsync(
            transaction,
            new ExecutionContextSource(execution.Id, execution.OrganizationId, workflowId, workflow?.Name, version, execution.TriggerType, execution.TriggerData),
            cancellationToken);

        // And what earlier steps produced that its plan did not keep (an action's output is carried only as far as later steps read it).
        var outputs = new JsonObject();
        foreach (var row in (await ExecutionStepRepository.ListAsync(transaction, [execution.Id], cancellationToken))[execution.Id])
        {
            if (row.Status == StepStatus.Completed && row.Output is { } output)
            {
                outputs[row.StepId] = output.DeepClone();
            }
        }

        built.Values["steps"] = outputs;
        var reads = ContextProjection.Project(built.Values, [.. plan.Reads, .. ContextProjection.Always]);
        var words = next is null
            ? $"Moved from version {own} to version {version} after step “{at.DoneName}”: version {version} has no step after it, so it ends there."
            : $"Moved from version {own} to version {version} at step “{PlanWalker.Name(plan[next])}”.";
        return new ExecutionMove(plan, version, words, reads, next);
    }

    /// <summary>Why a run cannot go on with <paramref name="plan"/> where it is, in words.</summary>
    static string NotMoved(WorkflowPlan plan, MovePosition at, int version, int? own)
    {
        if (at.NextStepId is null)
        {
            return $"Not moved to version {version}: it had done its last step, “{at.DoneName}”, which version {version} does not have where a run can go on from it.";
        }

        var where = plan.Steps.ContainsKey(at.NextStepId) ? $"is inside a repeat in version {version}" : $"is not in version {version}";
        return $"Not moved to version {version}: its next step, “{at.NextName}”, {where}, so it finishes on version {own}.";
    }

    /// <summary>The steps a run can enter a plan at: those on its top-level paths (a loop's body is entered only by its loop).</summary>
    internal static HashSet<string> EntryPoints(WorkflowPlan plan)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = new Stack<string>();
        if (plan.Start is { } start)
        {
            next.Push(start);
        }

        while (next.TryPop(out var id))
        {
            if (!seen.Add(id) || !plan.Steps.TryGetValue(id, out var step))
            {
                continue;
            }

            foreach (var following in step is ConditionStep condition ? [condition.WhenTrue, condition.WhenFalse] : new[] { step.Next })
            {
                if (following is not null)
                {
                    next.Push(following);
                }
            }
        }

        return seen;
    }
}
