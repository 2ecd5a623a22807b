using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

/// <param name="Version">The version the publish asked it to move to.</param>
/// <param name="StepId">The step its own plan would run next; <paramref name="StepName"/> as a person reads it.</param>
/// <param name="Pending">Steps the walker settled since the last activity, recorded first.</param>
internal sealed record MoveExecutionInput(
    Guid ExecutionId, Guid OrganizationId, int Version, string StepId, string StepName, IReadOnlyList<StepRecord> Pending);

/// <summary>
/// Activity: takes an execution to another version of its workflow at its next step (ADR 0021). When that version has the
/// step where a run can enter it (not inside a repeat), the execution's row takes the version, keeps its step rows and
/// says "Moved to version 3 at step …"; the orchestration goes on with the plan returned (read here, so replays see the
/// same). Otherwise nothing moves and the execution says why; it finishes on its own version.
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
        var (version, step) = (input.Version, $"“{input.StepName}”");
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

        if (!plan.Steps.ContainsKey(input.StepId))
        {
            return new ExecutionMove(null, version, $"Not moved to version {version}: its next step, {step}, is not in version {version}, so it finishes on version {own}.");
        }

        if (!EntryPoints(plan).Contains(input.StepId))
        {
            return new ExecutionMove(
                null, version, $"Not moved to version {version}: its next step, {step}, is inside a repeat in version {version}, so it finishes on version {own}.");
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
        var name = plan[input.StepId].Label is { Length: > 0 } label ? $"“{label}”" : step;
        return new ExecutionMove(plan, version, $"Moved from version {own} to version {version} at step {name}.", reads);
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
