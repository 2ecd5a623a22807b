using Fixlify.Engine;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

/// <summary>The engine's activity that moves an execution to another version (ADR 0021), as a Durable Function.</summary>
internal sealed class MoveExecutionFunction(MoveExecution move)
{
    [Function(WorkflowTasks.MoveExecution)]
    public Task<ExecutionMove> MoveExecution([ActivityTrigger] MoveExecutionInput input, FunctionContext context) =>
        move.RunAsync(input, context.CancellationToken);
}
