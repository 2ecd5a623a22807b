using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>How a walk ended: completed, or failed at a step (with the error a person reads), and its warnings.</summary>
/// <param name="FailedStep">The step that stopped the walk: its key, type and the reason it gave.</param>
internal sealed record WalkOutcome(ExecutionStatus Status, string? Error, StepFailure? FailedStep, IReadOnlyList<string> Warnings);

/// <summary>A step that failed for good: its key and type, the reason, and the message an execution's log shows.</summary>
internal sealed record StepFailure(string Key, string Type, string Reason, string Message);

/// <summary>
/// Walks a compiled plan: the only code that knows branching, loop scoping and step keys, retries and deferrals,
/// <c>continueOnError</c>, <c>saveAs</c> and <c>steps.&lt;id&gt;</c>. It does no I/O and reads no clock of its own: all
/// of that goes through <see cref="IWorkflowEffects"/>, so the same walk runs in an orchestration (replayed,
/// deterministic) and in a dry run. Whatever a real run does, a dry run shows.
/// </summary>
/// <param name="moves">A run's way to another version of its workflow (ADR 0021), asked between top-level steps; null in a
/// dry run and a backtest, which never move.</param>
internal sealed class PlanWalker(WorkflowPlan plan, JsonObject state, int chainDepth, IWorkflowEffects effects, IVersionMoves? moves = null)
{
    /// <summary>How many times one step may be put off (quiet hours, rate limits) before it fails.</summary>
    public const int MaxDeferrals = 20;

    readonly List<string> _warnings = [];

    /// <summary>Each action step's latest run: its key and how it ended (a wait for a reply looks up its text here).</summary>
    readonly Dictionary<string, (string Key, StepStatus Status)> _actions = new(StringComparer.Ordinal);
    int _sequence;

    /// <summary>When the step being walked, and the one before it, began (UTC): a wait for an event looks back to the latter.</summary>
    DateTime? _stepStarted;
    DateTime? _previousStepStarted;

    JsonObject Steps => (JsonObject)(state["steps"] ??= new JsonObject());

    /// <summary>Walks the plan from its start to the end of the path taken.</summary>
    public async Task<WalkOutcome> RunAsync()
    {
        try
        {
            await PathAsync(plan.Start, stopAt: null, keyPrefix: "");
            return new WalkOutcome(ExecutionStatus.Completed, null, null, _warnings);
        }
        catch (StepFailedException e)
        {
            return new WalkOutcome(ExecutionStatus.Failed, e.Failure.Message, e.Failure, _warnings);
        }
        catch (StoppedException e)
        {
            return new WalkOutcome(ExecutionStatus.Cancelled, e.Message, null, _warnings);
        }
    }

    /// <summary>What a person should know about a run that still completes; the execution shows these.</summary>
    public void Warn(string warning) => _warnings.Add(warning);

    /// <summary>Runs steps from <paramref name="stepId"/> until a path ends or comes back to <paramref name="stopAt"/> (a loop).</summary>
    async Task PathAsync(string? stepId, string? stopAt, string keyPrefix)
    {
        string? done = null;
        while (true)
        {
            if (stopAt is null && done is not null && moves is { Asked: true })
            {
                // Only between top-level steps (and after the last): a loop finishes on its version first.
                (plan, stepId) = await MoveAsync(done, stepId);
            }

            if (stepId is null || stepId == stopAt)
            {
                return;
            }

            var step = plan[stepId];
            var key = keyPrefix + step.Id;
            (_previousStepStarted, _stepStarted) = (_stepStarted, effects.Now);
            stepId = step switch
            {
                ActionStep action => await ActionAsync(action, key, last: stopAt is null && action.Next is null),
                ConditionStep condition => Condition(condition, key),
                DelayStep delay => await DelayAsync(delay, key),
                LoopStep loop => await LoopAsync(loop, key),
                WaitForReplyStep wait => await WaitForReplyAsync(wait, key),
                WaitForEventStep wait => await WaitForEventAsync(wait, key),
                _ => throw new InvalidOperationException($"Step '{step.Id}' is of a kind this engine does not know ({step.GetType().Name})."),
            };
            done = step.Id;
        }
    }

    /// <summary>
    /// Moves to the version the run was asked to (ADR 0021), after <paramref name="doneStepId"/>, the step just done (its own
    /// plan would run <paramref name="nextStepId"/> next): the walk goes on with that version's plan from the step the
    /// activity names, keeping everything it has so far (state, step rows, numbering). When it cannot move, it goes on with
    /// its own plan. Either way the run says so.
    /// </summary>
    async Task<(WorkflowPlan Plan, string? Next)> MoveAsync(string doneStepId, string? nextStepId)
    {
        var move = await moves!.MoveAsync(new MovePosition(doneStepId, Name(plan[doneStepId]), nextStepId, nextStepId is null ? null : Name(plan[nextStepId])));
        Warn(move.Words);
        if (move.Plan is not { } moved)
        {
            return (plan, nextStepId);
        }

        if (move.Reads is { } reads)
        {
            AddMissing(state, reads);
            if (state["workflow"] is JsonObject workflow && reads["workflow"]?["version"] is { } version)
            {
                workflow["version"] = version.DeepClone();
            }
        }

        return (moved, move.NextStepId);
    }

    /// <summary>A step as a person reads it: its label, else its kind ("Wait", "Send sms").</summary>
    internal static string Name(PlanStep step) => step.Label is { Length: > 0 } label ? label : PlainText.Words(step.Type);

    /// <summary>Adds to <paramref name="target"/> what <paramref name="source"/> has and it lacks, at any depth; what it has stays.</summary>
    static void AddMissing(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source)
        {
            if (!target.ContainsKey(name) || (target[name] is null && value is not null))
            {
                target[name] = value?.DeepClone();
            }
            else if (target[name] is JsonObject inner && value is JsonObject more)
            {
                AddMissing(inner, more);
            }
        }
    }

    string? Condition(ConditionStep step, string key)
    {
        var sequence = ++_sequence;
        var now = effects.Now;
        var result = ConditionEvaluator.Evaluate(step.When, state);
        var output = StepEvaluation.ConditionOutput(result);
        Steps[step.Id] = output.DeepClone();
        effects.Record(
            step,
            new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Completed, now, now, 1, output, null),
            effects.Explains ? ConditionEvaluator.Explain(step.When, state) : null);
        return result ? step.WhenTrue : step.WhenFalse;
    }

    async Task<string?> DelayAsync(DelayStep step, string key)
    {
        var sequence = ++_sequence;
        var started = effects.Now;
        if (StepEvaluation.DelayUntil(step, state, started) is not { } until)
        {
            return Fail(step, key, sequence, started, 1, StepEvaluation.NoDate(step), StepEvaluation.NoDate(step), continueOnError: false);
        }

        if (until > started && RecordAnchor.Of(step.Until) is { } anchor
            && Guid.TryParse(ContextPath.Get(state, $"{anchor.Entity}.id")?.ToString(), out var recordId))
        {
            return await FollowingDelayAsync(step, key, sequence, started, until, anchor, recordId);
        }

        var output = new JsonObject { ["until"] = until };
        if (until > started)
        {
            effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Waiting, started, null, 1, output, null));
            await effects.WaitUntilAsync(until, visible: true);
        }

        effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Completed, started, effects.Now, 1, output.DeepClone(), null));
        return step.Next;
    }

    /// <summary>
    /// A delay until a record's date that follows the date when it moves (a job rescheduled): the wait is told, cancels its
    /// timer and waits for the new moment; the step's row shows the new <c>until</c> and why it moved. A new moment already
    /// past goes on now when within <see cref="IWorkflowEffects.MovedWaitGrace"/>, else the step is skipped with the reason
    /// and the path ends. Timers never end early, and what comes after (quiet hours) holds as before.
    /// </summary>
    async Task<string?> FollowingDelayAsync(DelayStep step, string key, int sequence, DateTime started, DateTime until, RecordAnchor anchor, Guid recordId)
    {
        var output = new JsonObject { ["until"] = until };
        var moves = 0;
        while (true)
        {
            effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Waiting, started, null, 1, output.DeepClone(), null));
            var expected = ContextPath.GetDate(state, step.Until!);
            var end = await effects.WaitAsync(new WaitCall(
                step, key, sequence, started, until, new AnchorTarget(anchor.Entity, recordId, anchor.EventType, anchor.Field, expected)));
            if (end.NotWaiting is not null)
            {
                await effects.WaitUntilAsync(until, visible: false);
                break;
            }

            if (end.Signal is not { } signal)
            {
                break; // the moment came
            }

            if (!signal.Moved)
            {
                continue; // the record changed: the wait, starting again, reads its date
            }

            moves++;
            if (state[anchor.Entity] is JsonObject record)
            {
                // As the record's dates are read into the context: ISO text.
                record[anchor.Field] = signal.MovedTo is { } movedTo
                    ? DateTime.SpecifyKind(movedTo, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture)
                    : null;
            }

            var name = StopWhen.Name(anchor.Entity, state[anchor.Entity] as JsonObject);
            var now = effects.Now;
            output["moves"] = moves;
            if (StepEvaluation.DelayUntil(step, state, started) is not { } next)
            {
                output["movedBecause"] = $"{name} no longer has a {anchor.Words} time";
                return Skip(step, key, sequence, started, output, $"{name} no longer has a {anchor.Words} time, so there is nothing to wait for.");
            }

            output["until"] = next;
            output["movedBecause"] = $"{name} was rescheduled";
            if (next <= now)
            {
                if (now - next > effects.MovedWaitGrace)
                {
                    return Skip(step, key, sequence, started, output,
                        $"{name} was rescheduled, and the new moment had already passed by more than {GraceWords(effects.MovedWaitGrace)}, so it was skipped.");
                }

                output["late"] = true; // within the grace: it goes on now
                break;
            }

            until = next;
        }

        effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Completed, started, effects.Now, 1, output.DeepClone(), null));
        return step.Next;
    }

    /// <summary>"1 hour", "2 hours", "30 minutes".</summary>
    static string GraceWords(TimeSpan grace) => grace.TotalMinutes % 60 == 0
        ? (grace.TotalHours == 1 ? "1 hour" : $"{grace.TotalHours:0} hours")
        : $"{grace.TotalMinutes:0} minutes";

    /// <summary>A step skipped for good with the reason: recorded so, and the path ends there.</summary>
    string? Skip(PlanStep step, string key, int sequence, DateTime started, JsonObject output, string reason)
    {
        output["reason"] = reason;
        effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Skipped, started, effects.Now, 1, output.DeepClone(), null));
        Warn($"Delay '{key}': {reason}");
        return null;
    }

    async Task<string?> LoopAsync(LoopStep step, string key)
    {
        var sequence = ++_sequence;
        var started = effects.Now;
        if (StepEvaluation.Items(step, state) is not { } items)
        {
            return Fail(step, key, sequence, started, 1, StepEvaluation.NotAList(step), StepEvaluation.NotAList(step), continueOnError: false);
        }

        string? warning = null;
        if (items.Bounded)
        {
            warning = $"'{step.Over}' held {items.Items.Count} items; only the first {items.Count} were done (maxIterations {step.MaxIterations}).";
            Warn($"Loop '{key}': {warning}");
        }

        effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Processing, started, null, 1, StepEvaluation.LoopOutput(items), null, warning));
        var outer = state[step.As]?.DeepClone();
        var outerLoop = state["loop"]?.DeepClone();
        for (var i = 0; i < items.Count; i++)
        {
            state[step.As] = items.Items[i]?.DeepClone();
            state["loop"] = StepEvaluation.LoopVariable(i, items.Count);
            await PathAsync(step.Body, stopAt: step.Id, keyPrefix: StepEvaluation.IterationPrefix(key, i));
        }

        state[step.As] = outer;
        state["loop"] = outerLoop;
        var output = StepEvaluation.LoopOutput(items);
        Steps[step.Id] = output.DeepClone();
        effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Completed, started, effects.Now, 1, output, null, warning));
        return step.Next;
    }

    /// <param name="last">Nothing follows the step (not in a loop's body, no next step): done, it ends the walk (ADR 0023).</param>
    async Task<string?> ActionAsync(ActionStep step, string key, bool last)
    {
        var sequence = ++_sequence;
        var started = effects.Now;
        var deferrals = 0;
        var released = false;
        for (var attempt = 1; ; )
        {
            var call = new ActionCall(
                step, key, sequence, attempt, attempt >= step.Retry.MaxAttempts, started, ContextProjection.Slice(state, step.Reads), chainDepth, plan.StopWhen,
                released, last ? new WalkEnd([.. _warnings]) : null);
            released = false;
            switch (await effects.RunActionAsync(call))
            {
                case ActionDone done:
                    _actions[step.Id] = (key, done.Status);
                    Steps[step.Id] = done.Output?.DeepClone();
                    if (done.SaveAs is { } saveAs)
                    {
                        state[saveAs] = done.Output?.DeepClone();
                    }

                    return step.Next;

                case ActionStopped stopped:
                    // The goal is met (the invoice was paid): nothing more runs.
                    throw new StoppedException(stopped.Reason);

                case ActionDeferred deferred when deferrals >= MaxDeferrals:
                    var putOff = $"Step '{step.Id}' ({step.ActionType}) was put off {deferrals} times: {deferred.Reason}";
                    return Fail(step, key, sequence, started, attempt, $"put off {deferrals} times: {deferred.Reason}", putOff, step.ContinueOnError);

                case ActionDeferred deferred:
                    // Not now (quiet hours, a rate limit): wait and ask again; it does not count as an attempt.
                    deferrals++;
                    await effects.WaitUntilAsync(deferred.NotBefore, visible: false);
                    break;

                case ActionHeld held:
                    // The provider is not answering (or the automation is paused): held, not failed, until it may go (ADR 0019).
                    if ((await effects.HoldAsync(call, held)).GaveUp is { } gaveUp)
                    {
                        _actions[step.Id] = (key, StepStatus.Failed);
                        return Fail(step, key, sequence, started, attempt, gaveUp, gaveUp, step.ContinueOnError);
                    }

                    // Tried again as its last attempt: a provider still failing holds it again rather than retrying.
                    released = true;
                    attempt = Math.Max(attempt, step.Retry.MaxAttempts);
                    break;

                case ActionFailed failed when failed.Permanent || call.FinalAttempt:
                    // The attempt's own record already says the step failed.
                    _actions[step.Id] = (key, StepStatus.Failed);
                    return Failed(step, new StepFailure(key, step.ActionType, failed.Error, FailureMessage(step, attempt, failed.Error)), step.ContinueOnError);

                case ActionFailed:
                    await effects.WaitUntilAsync(effects.Now + step.Retry.DelayBefore(attempt + 1), visible: false);
                    attempt++;
                    break;
            }
        }
    }

    /// <summary>
    /// Waits for the client's reply to the step's text, or its timeout; the intent read from the reply goes to
    /// <c>steps.&lt;id&gt;</c>. A text that did not go out (suppressed, skipped, failed) has no reply to wait for: the step
    /// ends at once with intent <c>none</c>, saying why.
    /// </summary>
    async Task<string?> WaitForReplyAsync(WaitForReplyStep step, string key)
    {
        var sequence = ++_sequence;
        var started = effects.Now;
        var deadline = started + step.Timeout;
        WaitEnd end;
        if (!_actions.TryGetValue(step.After, out var text) || text.Status != StepStatus.Completed)
        {
            end = new WaitEnd(null, StepEvaluation.TextNotSent(step, _actions.ContainsKey(step.After) ? text.Status : null));
        }
        else
        {
            effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Waiting, started, null, 1, new JsonObject { ["timeoutAt"] = deadline }, null));
            end = await effects.WaitAsync(new WaitCall(step, key, sequence, started, deadline, new ReplyTarget(text.Key)));
        }

        var output = StepEvaluation.ReplyOutput(step, end, deadline);
        Steps[step.Id] = output.DeepClone();
        effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Completed, started, effects.Now, 1, output, null));
        return step.Next;
    }

    /// <summary>
    /// Waits until the event happens to the execution's record, or its timeout; <c>steps.&lt;id&gt;.happened</c> says which.
    /// It sees what already happened: its event since the step before it began, or the record already in the state its event
    /// puts it in (an invoice already paid), ends it at once.
    /// </summary>
    async Task<string?> WaitForEventAsync(WaitForEventStep step, string key)
    {
        var sequence = ++_sequence;
        var started = effects.Now;
        if (!Guid.TryParse(ContextPath.Get(state, $"{step.Record}.id")?.ToString(), out var recordId))
        {
            return Fail(step, key, sequence, started, 1, StepEvaluation.NoRecord(step), StepEvaluation.NoRecord(step), continueOnError: false);
        }

        var deadline = started + step.Timeout;
        effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Waiting, started, null, 1, new JsonObject { ["timeoutAt"] = deadline }, null));
        var inState = RecordStates.Of(step.EventType) is { } awaited && RecordStates.Holds(awaited, state);
        var end = await effects.WaitAsync(new WaitCall(
            step, key, sequence, started, deadline, new EventTarget(step.Record, recordId, step.EventType), _previousStepStarted ?? started, inState));
        var output = StepEvaluation.EventOutput(step, end, deadline);
        Steps[step.Id] = output.DeepClone();
        effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Completed, started, effects.Now, 1, output, null));
        return step.Next;
    }

    /// <summary>What an execution's log says of an action that failed for good.</summary>
    public static string FailureMessage(ActionStep step, int attempts, string error) =>
        $"Step '{step.Id}' ({step.ActionType}) failed after {attempts} attempt(s): {error}";

    /// <summary>A step the walker itself finds failing: recorded here; the walk stops unless the step continues on error.</summary>
    string? Fail(PlanStep step, string key, int sequence, DateTime started, int attempts, string reason, string message, bool continueOnError)
    {
        effects.Record(step, new StepRecord(key, step.Id, step.Type, step.Label, sequence, StepStatus.Failed, started, effects.Now, attempts, null, message));
        return Failed(step, new StepFailure(key, step.Type, reason, message), continueOnError);
    }

    string? Failed(PlanStep step, StepFailure failure, bool continueOnError)
    {
        if (!continueOnError)
        {
            throw new StepFailedException(failure);
        }

        Steps[step.Id] = new JsonObject { ["error"] = failure.Message };
        return step.Next;
    }

    /// <summary>The workflow's exit condition held: the walk ends, the execution <c>cancelled</c> with the reason.</summary>
    sealed class StoppedException(string reason) : Exception(reason);

    sealed class StepFailedException(StepFailure failure) : Exception(failure.Message)
    {
        public StepFailure Failure { get; } = failure;
    }
}
