using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// What the <see cref="PlanWalker"/> asks of the world. Two implementations: <see cref="DurableWorkflowEffects"/> over an
/// orchestration (durable timers, the action activity, recording in the next activity) for real runs, and
/// <see cref="SimulatedWorkflowEffects"/> for a dry run (a moving clock, the handlers' previews, a report).
/// </summary>
internal interface IWorkflowEffects
{
    /// <summary>Now, UTC: the orchestration's replay-safe time, or the dry run's simulated clock.</summary>
    DateTime Now { get; }

    /// <summary>
    /// How late a moved wait may still act: when a record's date moves to a moment already past by no more than this, the
    /// step goes on now; by more, it is skipped with the reason (the <c>Engine:MovedWaitGrace</c> setting, default 1 hour).
    /// </summary>
    TimeSpan MovedWaitGrace { get; }

    /// <summary>Whether steps should carry a person's explanation (a condition's rules with the values read): the dry run's report.</summary>
    bool Explains { get; }

    /// <summary>
    /// A step the walker settled itself: a condition (with its <paramref name="explanation"/> when <see cref="Explains"/>),
    /// a delay, a loop, a step that failed for good.
    /// </summary>
    void Record(PlanStep planStep, StepRecord record, JsonObject? explanation = null);

    /// <summary>
    /// Waits until <paramref name="until"/> (UTC), never less. <paramref name="visible"/>: what was recorded so far must be
    /// seen while it waits (a delay of days shows as waiting), so durable effects record it before the timer.
    /// </summary>
    Task WaitUntilAsync(DateTime until, bool visible);

    /// <summary>One attempt at an action: run (and recorded, with what is pending) or, in a dry run, previewed.</summary>
    Task<ActionResult> RunActionAsync(ActionCall action);

    /// <summary>
    /// Holds an action step whose provider is not answering (or whose automation is paused) until it may go, or until it
    /// has been held for the longest hold (ADR 0019): durably (a timer and a check activity) in a run; never in a dry run.
    /// </summary>
    Task<HoldEnd> HoldAsync(ActionCall action, ActionHeld held);

    /// <summary>
    /// Waits for the client's reply or the record's event (<see cref="WaitCall.Target"/>) until <see cref="WaitCall.Deadline"/>
    /// (UTC), never less unless the signal comes: durably (an external event raced against a timer) in a run, on the
    /// simulated clock with the caller's simulated reply or event in a dry run. What was recorded so far is seen while it waits.
    /// </summary>
    Task<WaitEnd> WaitAsync(WaitCall wait);
}

/// <summary>A wait step about to wait: its key, when it began and when it gives up (UTC), and what it waits for.</summary>
/// <param name="LooksBackTo">An event wait: its event counts from this moment (UTC, the start of the step before it), so one
/// that happened while that step ran is not missed. Null: from <paramref name="StartedAt"/>.</param>
/// <param name="InStateAtStart">An event wait: the record was, as the walker read it, already in the state its event puts it
/// in (an invoice already paid). The dry run ends the wait at once on it; a run reads the record again when the wait starts.</param>
internal sealed record WaitCall(
    PlanStep Step, string Key, int Sequence, DateTime StartedAt, DateTime Deadline, WaitTarget Target, DateTime? LooksBackTo = null, bool InStateAtStart = false);

/// <summary>What a wait listens for: a reply to a text, or an event on a record.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "target")]
[JsonDerivedType(typeof(ReplyTarget), "reply")]
[JsonDerivedType(typeof(EventTarget), "event")]
[JsonDerivedType(typeof(AnchorTarget), "anchor")]
internal abstract record WaitTarget;

/// <summary>The client's reply to the text the step <see cref="TextKey"/> sent (its key in this execution).</summary>
internal sealed record ReplyTarget(string TextKey) : WaitTarget;

/// <summary>
/// A delay until a record's date (<see cref="Field"/> of <see cref="EntityType"/> <see cref="EntityId"/>), which follows the
/// date when <see cref="EventType"/> moves it. <see cref="Expected"/>: the date the moment was computed from; a record found
/// with another one when the wait starts has moved already.
/// </summary>
internal sealed record AnchorTarget(string EntityType, Guid EntityId, string EventType, string Field, DateTimeOffset? Expected) : WaitTarget;

/// <summary>An event of <see cref="EventType"/> on the record <see cref="EntityType"/> <see cref="EntityId"/>.</summary>
internal sealed record EventTarget(string EntityType, Guid EntityId, string EventType) : WaitTarget;

/// <summary>
/// How a wait ended: the <see cref="Signal"/> came; or it timed out (both null); or it could not wait at all, with the
/// reason a person reads (<see cref="NotWaiting"/>: the text went by email, its number is no client's).
/// </summary>
internal sealed record WaitEnd(WaitSignal? Signal, string? NotWaiting = null)
{
    public static WaitEnd TimedOut { get; } = new(Signal: null);
}

/// <summary>One attempt at an action step, as the walker asks for it.</summary>
/// <param name="Key">The step's key in the execution (<c>each[1].mail</c> in a loop).</param>
/// <param name="Context">The slice of the execution's state the step reads (<see cref="ActionStep.Reads"/>) and the records' ids.</param>
/// <param name="FinalAttempt">No retry follows this attempt if it fails: its failure is the step's.</param>
/// <param name="StopWhen">The workflow's exit conditions, checked on the records read again before the action runs.</param>
/// <param name="Released">The step was held and is let go now: it is tried whatever its provider's circuit says.</param>
/// <param name="Ends">Nothing follows the step (ADR 0023): when it is done, the walk completes with these warnings, so its
/// activity may end the execution in the transaction that records it. Null: more may follow.</param>
internal sealed record ActionCall(
    ActionStep Step, string Key, int Sequence, int Attempt, bool FinalAttempt, DateTime StartedAt, JsonObject Context, int ChainDepth, StopWhen? StopWhen = null,
    bool Released = false, WalkEnd? Ends = null);

/// <summary>How the walk ends if the step it is given with is done: completed, with these warnings.</summary>
internal sealed record WalkEnd(IReadOnlyList<string> Warnings);

/// <summary>How one attempt at an action ended: done (sent, suppressed, skipped), put off to a later time, or failed.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "result")]
[JsonDerivedType(typeof(ActionDone), "done")]
[JsonDerivedType(typeof(ActionDeferred), "deferred")]
[JsonDerivedType(typeof(ActionFailed), "failed")]
[JsonDerivedType(typeof(ActionStopped), "stopped")]
[JsonDerivedType(typeof(ActionHeld), "held")]
internal abstract record ActionResult;

/// <param name="Output">What later steps read of the output (its <see cref="ActionStep.OutputReads"/>); the whole is in the step's row.</param>
/// <param name="SaveAs">The name the output is also saved under (api_call's saveAs).</param>
internal sealed record ActionDone(StepStatus Status, JsonNode? Output, string? Summary, string? SaveAs) : ActionResult;

/// <summary>Not now: ask again at <see cref="NotBefore"/> (quiet hours, a rate limit's reset). Not an attempt.</summary>
internal sealed record ActionDeferred(DateTime NotBefore, string Reason, JsonNode? Output) : ActionResult;

/// <summary>
/// The workflow's exit condition held on the records read just before the action (<see cref="Reason"/>, in words:
/// "Invoice #1042 was paid"): the action did not run, and the execution ends <c>cancelled</c>.
/// </summary>
internal sealed record ActionStopped(string Reason) : ActionResult;

/// <summary>The attempt failed; <see cref="Permanent"/>: a retry cannot help (an invalid address, a 4xx).</summary>
internal sealed record ActionFailed(string Error, bool Permanent) : ActionResult;

/// <summary>
/// The step is held, not failed (ADR 0019): its <see cref="Provider"/> is not answering (or, <c>paused</c>, its automation
/// is paused). <see cref="Reason"/> in words, <see cref="HeldAt"/> when it was first held (UTC).
/// </summary>
internal sealed record ActionHeld(string Provider, string Reason, DateTime HeldAt) : ActionResult;

/// <summary>How a hold ended: the step may go (<see cref="GaveUp"/> null), or it was held for the longest hold and fails, saying why.</summary>
internal sealed record HoldEnd(string? GaveUp)
{
    public static HoldEnd Go { get; } = new(GaveUp: null);
}
