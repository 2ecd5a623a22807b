using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// A validated workflow, compiled: steps by id, each pointing at the next. Conditions and loops point at the
/// start of their branches; a path ends where it has no next step (or, in a loop body, where it comes back
/// to the loop). Immutable once compiled; an execution keeps the plan it started with.
/// </summary>
public sealed record WorkflowPlan(string TriggerType, string? Start, IReadOnlyDictionary<string, PlanStep> Steps)
{
    public PlanStep this[string id] => Steps[id];
}

public enum StepKind
{
    Action,
    Condition,
    Delay,
    Loop,
}

/// <summary>One step; exactly one of <see cref="Action"/>, <see cref="Condition"/>, <see cref="Delay"/>, <see cref="Loop"/> is set, as <see cref="Kind"/> says.</summary>
public sealed record PlanStep(
    string Id,
    StepKind Kind,
    string? Label,
    string? Next,
    ActionStep? Action = null,
    ConditionStep? Condition = null,
    DelayStep? Delay = null,
    LoopStep? Loop = null);

/// <summary>An action; <see cref="OnlyIf"/>, when set, is checked against freshly loaded records just before it runs (false: skipped).</summary>
public sealed record ActionStep(string ActionType, JsonObject Config, RetrySettings Retry, bool ContinueOnError, ConditionGroup? OnlyIf = null);

public sealed record ConditionStep(ConditionGroup When, string? WhenTrue, string? WhenFalse);

/// <summary>Wait a <see cref="Duration"/>, or until the date at context path <see cref="Until"/> plus <see cref="Offset"/>.</summary>
public sealed record DelayStep(TimeSpan? Duration, string? Until, TimeSpan Offset);

/// <summary>Run <see cref="Body"/> for each item of the list at <see cref="Over"/>, or <see cref="Times"/> times, never more than <see cref="MaxIterations"/>.</summary>
public sealed record LoopStep(string? Over, int? Times, int MaxIterations, string As, string? Body);

/// <summary>How a failing action is retried: attempts in all, the first wait, its growth, and the longest wait.</summary>
public sealed record RetrySettings(int MaxAttempts, TimeSpan FirstInterval, double BackoffCoefficient, TimeSpan MaxInterval)
{
    public TimeSpan DelayBefore(int nextAttempt)
    {
        var seconds = FirstInterval.TotalSeconds * Math.Pow(BackoffCoefficient, nextAttempt - 2);
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxInterval.TotalSeconds));
    }
}
