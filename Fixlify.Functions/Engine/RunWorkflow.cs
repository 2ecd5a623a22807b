using Fixlify.Data;
using Microsoft.DurableTask;

namespace Fixlify.Engine;

internal sealed record RunWorkflowInput(Guid ExecutionId, Guid OrganizationId);

/// <summary>How an execution ended: its status (or <c>skipped</c>: it had already ended), and the error.</summary>
internal sealed record ExecutionSummary(Guid ExecutionId, string Status, string? Error);

/// <summary>
/// The orchestration that runs one execution: starts it (its plan and what it reads of its records), has the
/// <see cref="PlanWalker"/> walk the plan with <see cref="DurableWorkflowEffects"/>, and ends it. Deterministic: time
/// comes from the context, everything else from activity results.
/// </summary>
internal sealed class RunWorkflow : TaskOrchestrator<RunWorkflowInput, ExecutionSummary>
{
    public override async Task<ExecutionSummary> RunAsync(TaskOrchestrationContext context, RunWorkflowInput input)
    {
        var logger = context.CreateReplaySafeLogger(nameof(RunWorkflow));
        var start = await context.CallActivityAsync<ExecutionStart>(
            WorkflowTasks.StartExecution, new StartExecutionInput(input.ExecutionId, input.OrganizationId), DurableWorkflowEffects.Bookkeeping);
        if (!start.Proceed || start.Plan is not { } plan || start.State is not { } state)
        {
            Log.Progress(logger, input.ExecutionId, start.Reason ?? "not started");
            return new ExecutionSummary(input.ExecutionId, StepStatus.Skipped.Text(), start.Reason);
        }

        var effects = new DurableWorkflowEffects(context, input, start.MovedWaitGrace);
        var walker = new PlanWalker(plan, state, start.ChainDepth, effects, new DurableVersionMoves(context, input, effects));
        foreach (var warning in start.Warnings)
        {
            walker.Warn(warning);
        }

        var outcome = await walker.RunAsync();
        await context.CallActivityAsync<bool>(
            WorkflowTasks.FinishExecution,
            new FinishExecutionInput(input.ExecutionId, input.OrganizationId, outcome.Status, outcome.Error, effects.TakePending(), outcome.Warnings),
            DurableWorkflowEffects.Bookkeeping);
        return new ExecutionSummary(input.ExecutionId, outcome.Status.Text(), outcome.Error);
    }
}
