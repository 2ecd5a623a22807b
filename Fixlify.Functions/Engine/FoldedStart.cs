using System.Text.Json;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// An execution whose start is folded into its first action's activity (ADR 0023): the orchestration is given the plan
/// (as the starter found it) and the chain depth, so the walker reaches the first action without a StartExecution
/// activity; that action's activity starts the execution (marks it processing, builds its context) before it runs.
/// </summary>
internal sealed record FoldedStart(WorkflowPlan Plan, int ChainDepth)
{
    /// <summary>The most a plan may weigh (bytes of JSON) to ride in the orchestration's input; a larger one starts as before.</summary>
    public const int MaxPlanBytes = 32 * 1024;

    /// <summary>
    /// The fold for an execution of <paramref name="plan"/>, or null when the walker cannot use it: the plan's first step is
    /// not an action (a condition, a delay, a loop or a wait reads the context before any action), or the plan is too large
    /// to carry in every episode's history.
    /// </summary>
    public static FoldedStart? For(WorkflowPlan plan, int chainDepth) =>
        plan.Start is { } first && plan.Steps.TryGetValue(first, out var step) && step is ActionStep
            && JsonSerializer.SerializeToUtf8Bytes(plan).Length <= MaxPlanBytes
            ? new FoldedStart(plan, chainDepth)
            : null;
}
