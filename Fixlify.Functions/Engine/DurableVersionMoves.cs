using Microsoft.DurableTask;

namespace Fixlify.Engine;

/// <summary>
/// Moves in an orchestration (ADR 0021): one listener for <see cref="MoveToVersion"/> for the whole run, read between steps.
/// An event raised while a step runs (a wait's timer, a reply, a hold) is kept by the task hub and completes the listener when
/// the orchestration takes it from its history, in the same place on every replay; the step in progress is never interrupted,
/// so a wait keeps its deadline and a wait for a reply keeps listening. Taking it is one activity (<see cref="MoveExecution"/>),
/// which records what is pending, reads the new version's plan and moves the execution's row.
/// </summary>
internal sealed class DurableVersionMoves(TaskOrchestrationContext context, RunWorkflowInput input, DurableWorkflowEffects effects) : IVersionMoves
{
    Task<MoveToVersion>? _listening;

    Task<MoveToVersion> Listening => _listening ??= context.WaitForExternalEvent<MoveToVersion>(MoveToVersion.EventName);

    /// <summary>
    /// A move was asked and may still be taken: not once the last action's activity has ended the execution (ADR 0023) — an
    /// execution whose last action is under way when the move arrives ends with it, on its version.
    /// </summary>
    public bool Asked => !effects.Ended && Listening.IsCompleted;

    public async Task<ExecutionMove> MoveAsync(MovePosition position)
    {
        var asked = await Listening;
        _listening = null; // a later publish may move it again
        return await context.CallActivityAsync<ExecutionMove>(
            WorkflowTasks.MoveExecution,
            new MoveExecutionInput(input.ExecutionId, input.OrganizationId, asked.Version, position, effects.TakePending()),
            DurableWorkflowEffects.Bookkeeping);
    }
}
