namespace Fixlify.Engine;

/// <param name="Call">The first action's first attempt, as the walker asks for it; its context is built here.</param>
internal sealed record StartWithActionInput(Guid ExecutionId, Guid OrganizationId, ActionCall Call);

/// <summary>
/// How the first activity went: the execution's start (<see cref="ExecutionStart.Proceed"/> false: it did not run, and why;
/// its plan is not given back, the orchestration has it) and the action's <see cref="Result"/> when it ran.
/// </summary>
internal sealed record StartedAction(ExecutionStart Start, ActionResult? Result);

/// <summary>
/// Activity: the start of an execution folded into its first action (ADR 0023). Starts it as <see cref="StartExecution"/>
/// does (marks it processing and builds its context in one transaction; one that cannot start is failed or left as it
/// ended, saying why), then runs the first attempt at the action as <see cref="ExecuteAction"/> does, on the slice of that
/// context its step reads: one work item where there were two. A crash in between runs both again: the start is
/// idempotent and the action goes through the delivery ledger.
/// </summary>
internal sealed class StartWithAction(StartExecution start, ExecuteAction execute)
{
    public async Task<StartedAction> RunAsync(StartWithActionInput input, CancellationToken cancellationToken)
    {
        var begun = await start.RunAsync(new StartExecutionInput(input.ExecutionId, input.OrganizationId), cancellationToken);
        if (!begun.Proceed || begun.State is not { } state)
        {
            return new StartedAction(begun with { Plan = null }, null);
        }

        var call = input.Call with
        {
            Context = ContextProjection.Slice(state, input.Call.Step.Reads),
            ChainDepth = begun.ChainDepth,

            // The start's warnings come first, as they do in the execution when it starts apart.
            Ends = input.Call.Ends is { } ends ? new WalkEnd([.. begun.Warnings, .. ends.Warnings]) : null,
        };
        var result = await execute.RunAsync(new ExecuteActionInput(input.ExecutionId, input.OrganizationId, call, []), cancellationToken);
        return new StartedAction(begun with { Plan = null }, result);
    }
}
