using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Fixlify.Workflows;

/// <summary>
/// A validated workflow, compiled: steps by id, each pointing at the next. Conditions and loops point at the
/// start of their branches; a path ends where it has no next step (or, in a loop body, where it comes back
/// to the loop). Immutable once compiled, and stored with the workflow version it was compiled from.
/// </summary>
/// <param name="Reads">
/// Every context path some step reads, with loop variables resolved to the lists they come from
/// (<c>technician.email</c> in a loop over <c>technicians</c> is <c>technicians[*].email</c>): an execution carries only
/// these parts of its records.
/// </param>
/// <param name="StopWhen">The exit conditions (<c>triggerConfig.stopWhen</c>), checked before every action; null: none.</param>
internal sealed record WorkflowPlan(
    string TriggerType, string? Start, IReadOnlyDictionary<string, PlanStep> Steps, IReadOnlyList<string> Reads, StopWhen? StopWhen = null)
{
    /// <summary>The shape of plan this code reads; a stored plan of another format is compiled again from its definition.</summary>
    public const int Format = 3;

    public PlanStep this[string id] => Steps[id];
}

/// <summary>One step of a plan: an action, a condition, a delay, a loop, or a wait for a reply or an event.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ActionStep), "action")]
[JsonDerivedType(typeof(ConditionStep), "condition")]
[JsonDerivedType(typeof(DelayStep), "delay")]
[JsonDerivedType(typeof(LoopStep), "loop")]
[JsonDerivedType(typeof(WaitForReplyStep), "wait_for_reply")]
[JsonDerivedType(typeof(WaitForEventStep), "wait_for_event")]
internal abstract record PlanStep(string Id, string? Label, string? Next)
{
    /// <summary>The step's type as logs show it: the action type, or condition, delay, loop.</summary>
    [JsonIgnore]
    public abstract string Type { get; }
}

/// <summary>
/// An action; <see cref="OnlyIf"/>, when set, is checked against freshly loaded records just before it runs (false:
/// skipped). <see cref="Reads"/> are the context paths its templates, defaults and guard read (what its activity is
/// given); <see cref="OutputReads"/> the parts of its output later steps read (what its activity gives back; the whole
/// output is kept in its step row).
/// </summary>
internal sealed record ActionStep(
    string Id, string? Label, string? Next, string ActionType, JsonObject Config, RetrySettings Retry, bool ContinueOnError,
    ConditionGroup? OnlyIf, IReadOnlyList<string> Reads, IReadOnlyList<string> OutputReads) : PlanStep(Id, Label, Next)
{
    public override string Type => ActionType;
}

/// <summary>Branches on <see cref="When"/>: to <see cref="WhenTrue"/> or <see cref="WhenFalse"/> (null: the path ends).</summary>
internal sealed record ConditionStep(string Id, string? Label, ConditionGroup When, string? WhenTrue, string? WhenFalse) : PlanStep(Id, Label, null)
{
    public override string Type => "condition";
}

/// <summary>
/// Wait a <see cref="Duration"/>, or until the date at context path <see cref="Until"/> plus <see cref="Offset"/>, or until
/// <see cref="At"/>: a local date and time (<c>2026-12-24T09:00</c>) in the organization's time zone.
/// </summary>
internal sealed record DelayStep(string Id, string? Label, string? Next, TimeSpan? Duration, string? Until, TimeSpan Offset, string? At = null) : PlanStep(Id, Label, Next)
{
    public override string Type => "delay";
}

/// <summary>Run <see cref="Body"/> for each item of the list at <see cref="Over"/>, or <see cref="Times"/> times, never more than <see cref="MaxIterations"/>.</summary>
internal sealed record LoopStep(string Id, string? Label, string? Next, string? Over, int? Times, int MaxIterations, string As, string? Body) : PlanStep(Id, Label, Next)
{
    public override string Type => "loop";
}

/// <summary>
/// Waits for the client's next text to the organization's number after the text <see cref="After"/> (a send_sms, or a
/// send_message with an SMS channel, to the execution's client), or until <see cref="Timeout"/> has passed. Its output,
/// <c>steps.&lt;id&gt;</c>, is <c>{reply, intent, receivedAt, timeoutAt}</c>: <c>intent</c> is the name of the first of
/// <see cref="Intents"/> whose keywords hold the reply, <c>other</c> for any other reply, <c>opted_out</c> for an opt-out
/// keyword (the number is opted out before the wait ends), <c>none</c> when no reply came in time.
/// </summary>
internal sealed record WaitForReplyStep(string Id, string? Label, string? Next, TimeSpan Timeout, string After, IReadOnlyList<ReplyIntent> Intents)
    : PlanStep(Id, Label, Next)
{
    public override string Type => "wait_for_reply";
}

/// <summary>An answer a reply can give: its name and the keywords that say it, each as <c>SmsKeywords.Normalize</c> writes a reply.</summary>
internal sealed record ReplyIntent(string Name, IReadOnlyList<string> Keywords);

/// <summary>
/// Waits until an event of <see cref="EventType"/> happens to the execution's <see cref="Record"/> (the job, invoice, client
/// or estimate the context holds), or until <see cref="Timeout"/> has passed. Its output is <c>{happened, eventType, at, timeoutAt}</c>.
/// </summary>
internal sealed record WaitForEventStep(string Id, string? Label, string? Next, string EventType, string Record, TimeSpan Timeout) : PlanStep(Id, Label, Next)
{
    public override string Type => "wait_for_event";
}

/// <summary>How a failing action is retried: attempts in all, the first wait, its growth, and the longest wait.</summary>
internal sealed record RetrySettings(int MaxAttempts, TimeSpan FirstInterval, double BackoffCoefficient, TimeSpan MaxInterval)
{
    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 or more): FirstInterval × coefficient^(n−2), at most MaxInterval.</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        var seconds = FirstInterval.TotalSeconds * Math.Pow(BackoffCoefficient, nextAttempt - 2);
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxInterval.TotalSeconds));
    }
}
