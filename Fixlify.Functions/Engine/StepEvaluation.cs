using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>The items a loop runs over: the first <see cref="Count"/> of <see cref="Items"/> (the bound cuts the rest).</summary>
internal sealed record LoopItems(IReadOnlyList<JsonNode?> Items, int Count)
{
    public bool Bounded => Items.Count > Count;
}

/// <summary>
/// How delays and loops read the context, shared by the orchestration and the dry run so the two cannot disagree.
/// Pure and deterministic: it runs in the orchestrator.
/// </summary>
internal static class StepEvaluation
{
    /// <summary>When a delay reached at <paramref name="started"/> ends, or null when its <c>until</c> path holds no date.</summary>
    public static DateTime? DelayUntil(DelayStep delay, JsonObject state, DateTime started)
    {
        if (delay.Duration is { } duration)
        {
            return started + duration;
        }

        if (delay.At is { } at)
        {
            return LocalMoment.ToUtc(at, ContextPath.Get(state, "organization.time_zone")?.ToString());
        }

        return delay.Until is { } path && ContextPath.GetDate(state, path) is { } date ? (date + delay.Offset).UtcDateTime : null;
    }

    public static string NoDate(DelayStep step) => step.At is not null
        ? $"Delay '{step.Id}': '{step.At}' is not a date and time."
        : $"Delay '{step.Id}': '{step.Until}' holds no date.";

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

    /// <summary>
    /// What a reply means to a wait_for_reply: <c>opted_out</c> for an opt-out keyword (never an answer), the first intent
    /// whose keywords hold the reply, <c>other</c> for any other reply, <c>none</c> for no reply.
    /// </summary>
    public static string Intent(WaitForReplyStep step, WaitSignal? reply) =>
        reply is null ? "none"
        : reply.OptedOut ? "opted_out"
        : step.Intents.FirstOrDefault(i => i.Keywords.Contains(reply.Keyword ?? "", StringComparer.Ordinal))?.Name ?? "other";

    /// <summary>A wait_for_reply's output (<c>steps.&lt;id&gt;</c>): <c>{reply, intent, receivedAt, timeoutAt}</c>, and why it did not wait.</summary>
    public static JsonObject ReplyOutput(WaitForReplyStep step, WaitEnd end, DateTime timeoutAt)
    {
        var output = new JsonObject
        {
            ["reply"] = end.Signal?.Text,
            ["intent"] = Intent(step, end.Signal),
            ["receivedAt"] = end.Signal is { } reply ? DateTime.SpecifyKind(reply.At, DateTimeKind.Utc) : null,
            ["timeoutAt"] = DateTime.SpecifyKind(timeoutAt, DateTimeKind.Utc),
        };
        if (end.NotWaiting is { } reason)
        {
            output["reason"] = reason;
        }

        return output;
    }

    /// <summary>A wait_for_event's output (<c>steps.&lt;id&gt;</c>): <c>{happened, eventType, at, timeoutAt}</c>.</summary>
    public static JsonObject EventOutput(WaitForEventStep step, WaitEnd end, DateTime timeoutAt) => new()
    {
        ["happened"] = end.Signal is not null,
        ["eventType"] = step.EventType,
        ["at"] = end.Signal is { } happened ? DateTime.SpecifyKind(happened.At, DateTimeKind.Utc) : null,
        ["timeoutAt"] = DateTime.SpecifyKind(timeoutAt, DateTimeKind.Utc),
    };

    /// <summary>Why a wait_for_reply does not wait: its text did not go (suppressed, skipped, failed), or never ran.</summary>
    public static string TextNotSent(WaitForReplyStep step, StepStatus? status) => status is { } given
        ? $"the text '{step.After}' was not sent ({given.Text()}), so there is no reply to wait for"
        : $"the text '{step.After}' did not run, so there is no reply to wait for";

    public static string NoRecord(WaitForEventStep step) => $"Wait '{step.Id}': the execution has no {step.Record} whose {step.EventType} it could wait for.";

    public static JsonObject ConditionOutput(bool result) => new() { ["result"] = result, ["branch"] = result ? "true" : "false" };
}
