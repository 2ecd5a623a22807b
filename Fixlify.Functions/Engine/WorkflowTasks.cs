using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Engine;

/// <summary>
/// The orchestrator and activities of the engine, by the names both hosts register them under: the Functions host
/// through the functions in Functions/RunWorkflowFunctions.cs, the standalone host through <see cref="Register"/>.
/// </summary>
internal static class WorkflowTasks
{
    public const string RunWorkflow = nameof(Engine.RunWorkflow);
    public const string StartExecution = nameof(Engine.StartExecution);
    public const string ExecuteAction = nameof(Engine.ExecuteAction);
    public const string StartWithAction = nameof(Engine.StartWithAction);
    public const string RecordSteps = nameof(Engine.RecordSteps);
    public const string StartWait = nameof(Engine.StartWait);
    public const string FinishExecution = nameof(Engine.FinishExecution);
    public const string CheckHold = nameof(Engine.CheckHold);
    public const string MoveExecution = nameof(Engine.MoveExecution);

    public static IReadOnlyList<string> Orchestrators { get; } = [RunWorkflow];

    public static IReadOnlyList<string> Activities { get; } = [StartExecution, ExecuteAction, StartWithAction, RecordSteps, StartWait, FinishExecution, CheckHold, MoveExecution];

    /// <summary>Registers the orchestrator and activities on the Durable Task SDK worker (standalone host).</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestrator(RunWorkflow, () => new RunWorkflow());
        registry.AddActivity(StartExecution, sp => Activity<StartExecutionInput, ExecutionStart>((i, ct) => sp.GetRequiredService<StartExecution>().RunAsync(i, ct)));
        registry.AddActivity(ExecuteAction, sp => Activity<ExecuteActionInput, ActionResult>((i, ct) => sp.GetRequiredService<ExecuteAction>().RunAsync(i, ct)));
        registry.AddActivity(StartWithAction, sp => Activity<StartWithActionInput, StartedAction>((i, ct) => sp.GetRequiredService<StartWithAction>().RunAsync(i, ct)));
        registry.AddActivity(RecordSteps, sp => Activity<RecordStepsInput, bool>((i, ct) => sp.GetRequiredService<RecordSteps>().RunAsync(i, ct)));
        registry.AddActivity(StartWait, sp => Activity<StartWaitInput, WaitStart>((i, ct) => sp.GetRequiredService<StartWait>().RunAsync(i, ct)));
        registry.AddActivity(FinishExecution, sp => Activity<FinishExecutionInput, bool>((i, ct) => sp.GetRequiredService<FinishExecution>().RunAsync(i, ct)));
        registry.AddActivity(CheckHold, sp => Activity<CheckHoldInput, HoldCheck>((i, ct) => sp.GetRequiredService<CheckHold>().RunAsync(i, ct)));
        registry.AddActivity(MoveExecution, sp => Activity<MoveExecutionInput, ExecutionMove>((i, ct) => sp.GetRequiredService<MoveExecution>().RunAsync(i, ct)));
    }

    static ActivityAdapter<TInput, TOutput> Activity<TInput, TOutput>(Func<TInput, CancellationToken, Task<TOutput>> run) => new ActivityAdapter<TInput, TOutput>(run);

    sealed class ActivityAdapter<TInput, TOutput>(Func<TInput, CancellationToken, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(input, CancellationToken.None);
    }
}
