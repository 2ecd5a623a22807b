using Fixlify.Engine;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Fixlify.Functions;

/// <summary>The engine's orchestrator and activities as Durable Functions (names from <see cref="WorkflowTasks"/>).</summary>
internal sealed class RunWorkflowFunctions(StartExecution start, ExecuteAction execute, StartWithAction startWith, RecordSteps record, StartWait wait, FinishExecution finish, CheckHold hold)
{
    [Function(WorkflowTasks.RunWorkflow)]
    public static Task<ExecutionSummary> RunWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new Engine.RunWorkflow().RunAsync(context, context.GetInput<RunWorkflowInput>()!);

    [Function(WorkflowTasks.StartExecution)]
    public Task<ExecutionStart> StartExecution([ActivityTrigger] StartExecutionInput input, FunctionContext context) =>
        start.RunAsync(input, context.CancellationToken);

    [Function(WorkflowTasks.ExecuteAction)]
    public Task<ActionResult> ExecuteAction([ActivityTrigger] ExecuteActionInput input, FunctionContext context) =>
        execute.RunAsync(input, context.CancellationToken);

    [Function(WorkflowTasks.StartWithAction)]
    public Task<StartedAction> StartWithAction([ActivityTrigger] StartWithActionInput input, FunctionContext context) =>
        startWith.RunAsync(input, context.CancellationToken);

    [Function(WorkflowTasks.RecordSteps)]
    public Task<bool> RecordSteps([ActivityTrigger] RecordStepsInput input, FunctionContext context) =>
        record.RunAsync(input, context.CancellationToken);

    [Function(WorkflowTasks.StartWait)]
    public Task<WaitStart> StartWait([ActivityTrigger] StartWaitInput input, FunctionContext context) =>
        wait.RunAsync(input, context.CancellationToken);

    [Function(WorkflowTasks.FinishExecution)]
    public Task<bool> FinishExecution([ActivityTrigger] FinishExecutionInput input, FunctionContext context) =>
        finish.RunAsync(input, context.CancellationToken);

    [Function(WorkflowTasks.CheckHold)]
    public Task<HoldCheck> CheckHold([ActivityTrigger] CheckHoldInput input, FunctionContext context) =>
        hold.RunAsync(input, context.CancellationToken);
}
