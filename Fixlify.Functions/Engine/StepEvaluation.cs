using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>The items a loop runs over: the first <see cref="Count"/> of <see cref="Items"/> (the bound cuts the rest).</summary>
public sealed record LoopItems(IReadOnlyList<JsonNode?> Items, int Count)
{
    public bool Bounded => Items.Count > Count;
}

/// <summary>
/// How delays and loops read the context, shared by the orchestration and the dry run so the two cannot disagree.
/// Pure and deterministic: it runs in the orchestrator.
/// </summary>
public static class StepEvaluation
{
    /// <summary>When a delay reached at <paramref name="started"/> ends, or null when its <c>until</c> path holds no date.</summary>
    public static DateTime? DelayUntil(DelayStep delay, JsonObject state, DateTime started)
    {
        if (delay.Duration is { } duration)
        {
            return started + duration;
        }

        return delay.Until is { } path && ContextPath.GetDate(state, path) is { } date ? (date + delay.Offset).UtcDateTime : null;
    }

    public static string NoDate(DelayStep step) => $"Delay '{step.Id}': '{step.Until}' holds no date.";

    /// <summary>The items of a loop, or null when its <c>over</c> path holds something other than a list.</summary>
    public static LoopItems? Items(LoopStep loop, JsonObject state)
    {
        List<JsonNode?> items;
        if (loop.Over is not null)
        {
            var source = ContextPath.Get(state, loop.Over);
            if (source is not null and not JsonArray)
            {
                return null;
            }

            items = source is JsonArray array ? [.. array] : [];
        }
        else
        {
            items = [.. Enumerable.Range(0, loop.Times ?? 0).Select(i => (JsonNode?)JsonValue.Create(i))];
        }

        return new LoopItems(items, Math.Min(items.Count, loop.MaxIterations));
    }

    public static string NotAList(LoopStep step) => $"Loop '{step.Id}': '{step.Over}' is not a list.";

    /// <summary>The <c>loop</c> variable of iteration <paramref name="index"/>.</summary>
    public static JsonObject LoopVariable(int index, int count) =>
        new() { ["index"] = index, ["number"] = index + 1, ["count"] = count, ["first"] = index == 0, ["last"] = index == count - 1 };

    /// <summary>The key prefix of the steps of iteration <paramref name="index"/>: <c>each[0].</c></summary>
    public static string IterationPrefix(string loopKey, int index) => $"{loopKey}[{index}].";

    public static JsonObject LoopOutput(LoopItems items) =>
        new() { ["iterations"] = items.Count, ["items"] = items.Items.Count, ["bounded"] = items.Bounded };

    public static JsonObject ConditionOutput(bool result) => new() { ["result"] = result, ["branch"] = result ? "true" : "false" };
}
