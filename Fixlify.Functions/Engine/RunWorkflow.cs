using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.DurableTask;

namespace Fixlify.Engine;

/// <param name="Start">The plan and chain depth, when the execution starts in its first action's activity (ADR 0023); null: a
/// StartExecution activity starts it.</param>
internal sealed record RunWorkflowInput(Guid ExecutionId, Guid OrganizationId, FoldedStart? Start = null);

/// <summary>How an execution ended: its status (or <c>skipped</c>: it had already ended), and the error.</summary>
internal sealed record ExecutionSummary(Guid ExecutionId, string Status, string? Error);

/// <summary>
/// The orchestration that runs one execution: starts it (its plan and what it reads of its records), has the
/// <see cref="PlanWalker"/> walk the plan with <see cref="DurableWorkflowEffects"/>, and ends it. A plan that starts with
/// an action, given in the input, is started by that action's activity; an execution whose last action was done is ended
/// by that activity (ADR 0023). Deterministic: time comes from the context, everything else from activity results.
/// </summary>
internal sealed class RunWorkflow : TaskOrchestrator<RunWorkflowInput, ExecutionSummary>
{
    public override async Task<ExecutionSummary> RunAsync(TaskOrchestrationContext context, RunWorkflowInput input)
    {
        var logger = context.CreateReplaySafeLogger(nameof(RunWorkflow));
        DurableWorkflowEffects effects;
        PlanWalker walker;
        if (input.Start is { } folded)
        {
            // The first action's activity starts the execution and hands the walker its state (ADR 0023).
            var empty = new JsonObject();
            effects = new DurableWorkflowEffects(context, input);
            walker = new PlanWalker(folded.Plan, empty, folded.ChainDepth, effects, new DurableVersionMoves(context, input, effects));
            effects.StartWithFirstAction(empty, walker.Warn);
        }
        else
        {
            var start = await context.CallActivityAsync<ExecutionStart>(
                WorkflowTasks.StartExecution, new StartExecutionInput(input.ExecutionId, input.OrganizationId), DurableWorkflowEffects.Bookkeeping);
            if (!start.Proceed || start.Plan is not { } plan || start.State is not { } state)
            {
                Log.Progress(logger, input.ExecutionId, start.Reason ?? "not started");
                return new ExecutionSummary(input.ExecutionId, StepStatus.Skipped.Text(), start.Reason);
            }

            effects = new DurableWorkflowEffects(context, input, start.MovedWaitGrace);
            walker = new PlanWalker(plan, state, start.ChainDepth, effects, new DurableVersionMoves(context, input, effects));
            foreach (var warning in start.Warnings)
            {
                walker.Warn(warning);
            }
        }

        WalkOutcome outcome;
        try
        {
            outcome = await walker.RunAsync();
        }
        catch (DurableWorkflowEffects.NotStartedException e)
        {
            Log.Progress(logger, input.ExecutionId, e.Message);
            return new ExecutionSummary(input.ExecutionId, StepStatus.Skipped.Text(), e.Message);
        }

        // Ended already by the last action's activity (done, nothing after it): nothing is left to record.
        if (!(effects.Ended && outcome.Status == ExecutionStatus.Completed))
        {
            await context.CallActivityAsync<bool>(
                WorkflowTasks.FinishExecution,
                new FinishExecutionInput(input.ExecutionId, input.OrganizationId, outcome.Status, outcome.Error, effects.TakePending(), outcome.Warnings),
                DurableWorkflowEffects.Bookkeeping);
        }

        return new ExecutionSummary(input.ExecutionId, outcome.Status.Text(), outcome.Error);
    }
}
