using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Benchmarks;

/// <summary>
/// The engine's walk without Durable Task: the same <see cref="PlanWalker"/> and the same activity classes, called in
/// order in this process (steps settled by the walker recorded with the next activity, as an orchestration does). What
/// an orchestration costs on top of this is the backend's.
/// </summary>
internal sealed class DirectWorkflowEffects(IServiceProvider services, Guid organization, Guid execution) : IWorkflowEffects
{
    readonly ExecuteAction _execute = services.GetRequiredService<ExecuteAction>();
    readonly List<StepRecord> _pending = [];

    public DateTime Now => DateTime.UtcNow;

    public bool Explains => false;

    public TimeSpan MovedWaitGrace => MovedWaitOptions.DefaultGrace;

    /// <summary>Runs one logged execution to its end: start, walk, finish.</summary>
    public static async Task RunAsync(IServiceProvider services, Guid organization, Guid execution, CancellationToken cancellationToken)
    {
        var start = await services.GetRequiredService<StartExecution>().RunAsync(new StartExecutionInput(execution, organization), cancellationToken);
        var effects = new DirectWorkflowEffects(services, organization, execution);
        var outcome = await new PlanWalker(start.Plan!, start.State!, start.ChainDepth, effects).RunAsync();
        await services.GetRequiredService<FinishExecution>().RunAsync(
            new FinishExecutionInput(execution, organization, outcome.Status, outcome.Error, [.. effects._pending], outcome.Warnings), cancellationToken);
    }

    public void Record(PlanStep planStep, StepRecord record, JsonObject? explanation = null) => _pending.Add(record);

    public async Task WaitUntilAsync(DateTime until, bool visible)
    {
        if (visible && _pending.Count > 0)
        {
            await services.GetRequiredService<RecordSteps>().RunAsync(new RecordStepsInput(execution, organization, [.. _pending], ExecutionStatus.Waiting), CancellationToken.None);
            _pending.Clear();
        }

        if (until > DateTime.UtcNow)
        {
            await Task.Delay(until - DateTime.UtcNow);
        }
    }

    public async Task<ActionResult> RunActionAsync(ActionCall action)
    {
        var result = await _execute.RunAsync(new ExecuteActionInput(execution, organization, action, [.. _pending]), CancellationToken.None);
        _pending.Clear();
        return result;
    }

    /// <summary>The benchmarks' workflows wait for no reply or event: a wait here only runs to its timeout.</summary>
    public Task<HoldEnd> HoldAsync(ActionCall action, ActionHeld held) => Task.FromResult(HoldEnd.Go);

    public async Task<WaitEnd> WaitAsync(WaitCall wait)
    {
        await WaitUntilAsync(wait.Deadline, visible: true);
        return WaitEnd.TimedOut;
    }
}
