using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.DurableTask;

namespace Fixlify.Engine;

/// <summary>
/// The walker's effects in an orchestration: the replay-safe clock, durable timers that never end early, the action
/// activity, and steps settled by the walker recorded with the next activity call (or, before the execution waits, by a
/// small bookkeeping activity). Folded (ADR 0023), the first action's activity also starts the execution and the last one
/// ends it, so a linear workflow of n actions costs n activities.
/// </summary>
/// <param name="movedWaitGrace">The <c>Engine:MovedWaitGrace</c> setting as the execution started with it (null: the default).</param>
internal sealed class DurableWorkflowEffects(TaskOrchestrationContext context, RunWorkflowInput input, TimeSpan? movedWaitGrace = null) : IWorkflowEffects
{
    /// <summary>The execution did not start (it had already ended, or could not start): the walk stops, nothing more is done.</summary>
    internal sealed class NotStartedException(string? reason) : Exception(reason ?? "not started");

    /// <summary>The walker's state and warnings, to fill from the first action's activity when it starts the execution.</summary>
    sealed record Begin(JsonObject State, Action<string> Warn);

    Begin? _begin;

    /// <summary>The most an activity's input may weigh (bytes of JSON); a larger one fails its step, naming both sizes.</summary>
    public const int MaxActivityInputBytes = 1024 * 1024;

    /// <summary>Retries for the engine's activities when the infrastructure fails (a database blip must not fail an execution).</summary>
    public static readonly TaskOptions Bookkeeping = TaskOptions.FromRetryPolicy(new RetryPolicy(6, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30)));

    readonly List<StepRecord> _pending = [];

    public DateTime Now => context.CurrentUtcDateTime;

    public bool Explains => false;

    public void Record(PlanStep planStep, StepRecord record, JsonObject? explanation = null) => _pending.Add(record);

    /// <summary>Hands over what is still to be recorded (for the last activity, which ends the execution).</summary>
    public IReadOnlyList<StepRecord> TakePending()
    {
        var pending = _pending.ToList();
        _pending.Clear();
        return pending;
    }

    public TimeSpan MovedWaitGrace => movedWaitGrace ?? MovedWaitOptions.DefaultGrace;

    /// <summary>The last action's activity ended the execution (it was done and nothing followed it): no FinishExecution is needed.</summary>
    public bool Ended { get; private set; }

    /// <summary>
    /// The execution starts in its first action's activity (ADR 0023): the start's state fills <paramref name="state"/> (the
    /// walker's, empty until then) and its warnings go to <paramref name="warn"/>. Only for a plan that starts with an action.
    /// </summary>
    public void StartWithFirstAction(JsonObject state, Action<string> warn) => _begin = new Begin(state, warn);

    public async Task WaitUntilAsync(DateTime until, bool visible)
    {
        if (visible && _pending.Count > 0)
        {
            await context.CallActivityAsync<bool>(
                WorkflowTasks.RecordSteps, new RecordStepsInput(input.ExecutionId, input.OrganizationId, TakePending(), ExecutionStatus.Waiting), Bookkeeping);
        }

        // A timer may fire a little early (a backend's clock, a queue's visibility); the step must not end before its time.
        while (context.CurrentUtcDateTime < until)
        {
            await context.CreateTimer(until, CancellationToken.None);
        }
    }

    /// <summary>
    /// Starts the wait (the StartWait activity records the steps so far, the execution as waiting, and the wait the inbound
    /// route or the dispatcher looks up), then races the step's external event against a durable timer: the event wins and
    /// the timer is cancelled, or the timer (never early) ends the wait. A signal raised before the orchestration listens is
    /// kept by the task hub until it does.
    /// </summary>
    public async Task<WaitEnd> WaitAsync(WaitCall wait)
    {
        var start = await context.CallActivityAsync<WaitStart>(
            WorkflowTasks.StartWait,
            new StartWaitInput(input.ExecutionId, input.OrganizationId, wait.Key, wait.LooksBackTo ?? wait.StartedAt, wait.Deadline, wait.Target, TakePending()),
            Bookkeeping);
        if (start.Signal is { } already)
        {
            return new WaitEnd(already);
        }

        if (start.NotWaiting is { } reason)
        {
            return new WaitEnd(null, reason);
        }

        using var listening = new CancellationTokenSource();
        var signal = context.WaitForExternalEvent<WaitSignal>(WaitSignal.EventName(wait.Key), listening.Token);
        while (context.CurrentUtcDateTime < wait.Deadline)
        {
            using var timing = new CancellationTokenSource();
            var timer = context.CreateTimer(wait.Deadline, timing.Token);
            if (await Task.WhenAny(signal, timer) == signal)
            {
                timing.Cancel();
                return new WaitEnd(await signal);
            }
        }

        // Timed out: stop listening, so the task hub does not keep the step's event for this instance.
        listening.Cancel();
        return WaitEnd.TimedOut;
    }

    /// <summary>
    /// Holds the step (ADR 0019): asks the CheckHold activity whether it may go, and waits on a durable timer (never early)
    /// for the time it names, until it may go or gives up. Each round adds one activity and one timer to the history; a
    /// round is the check interval (30 s by default), the probe interval for the one step that probes.
    /// </summary>
    public async Task<HoldEnd> HoldAsync(ActionCall action, ActionHeld held)
    {
        var ask = new CheckHoldInput(input.ExecutionId, input.OrganizationId, action.Key, held.Provider);
        while (true)
        {
            var check = await context.CallActivityAsync<HoldCheck>(WorkflowTasks.CheckHold, ask, Bookkeeping);
            if (check.Go)
            {
                return HoldEnd.Go;
            }

            if (check.GaveUp is { } reason)
            {
                return new HoldEnd(reason);
            }

            var until = check.Until ?? Now;
            while (context.CurrentUtcDateTime < until)
            {
                await context.CreateTimer(until, CancellationToken.None);
            }
        }
    }

    public async Task<ActionResult> RunActionAsync(ActionCall action)
    {
        var call = action;
        var request = new ExecuteActionInput(input.ExecutionId, input.OrganizationId, call, _pending.ToList());
        var bytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(request));
        if (bytes > MaxActivityInputBytes)
        {
            // Never sent: the backend would refuse it and the execution would hang. The step fails, saying why.
            var error = $"What this step reads of the execution is {bytes:N0} bytes; a step can be given at most {MaxActivityInputBytes:N0}. Read fewer fields.";
            _pending.Add(new StepRecord(
                call.Key, call.Step.Id, call.Step.ActionType, call.Step.Label, call.Sequence, StepStatus.Failed, call.StartedAt, Now, call.Attempt, null,
                PlanWalker.FailureMessage(call.Step, call.Attempt, error)));
            return new ActionFailed(error, Permanent: true);
        }

        var result = _begin is { } begin ? await StartWithAsync(begin, call) : await context.CallActivityAsync<ActionResult>(WorkflowTasks.ExecuteAction, request, Bookkeeping);
        _pending.Clear();
        Ended = call.Ends is not null && result is ActionDone;
        return result;
    }

    /// <summary>The first attempt at the first action, starting the execution in the same activity; the walker's state filled from it.</summary>
    async Task<ActionResult> StartWithAsync(Begin begin, ActionCall call)
    {
        _begin = null;
        var started = await context.CallActivityAsync<StartedAction>(
            WorkflowTasks.StartWithAction, new StartWithActionInput(input.ExecutionId, input.OrganizationId, call), Bookkeeping);
        if (!started.Start.Proceed || started.Start.State is not { } state || started.Result is not { } result)
        {
            throw new NotStartedException(started.Start.Reason);
        }

        foreach (var (key, value) in state.ToList())
        {
            state.Remove(key);
            begin.State[key] = value;
        }

        movedWaitGrace = started.Start.MovedWaitGrace;
        foreach (var warning in started.Start.Warnings)
        {
            begin.Warn(warning);
        }

        return result;
    }
}
