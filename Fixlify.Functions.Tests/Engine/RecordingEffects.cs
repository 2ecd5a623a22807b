using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Tests.Engine;

/// <summary>
/// The walker's world in a unit test: a clock that moves only when the walker waits, every request the walker makes
/// recorded (the steps it settled itself, each attempt at an action, each timer and each wait), and answers the test
/// scripts — per step id, what its attempts get in turn (then: done, sent), and per wait step id, what ends its wait
/// (else it times out).
/// </summary>
internal sealed class RecordingEffects(DateTime start) : IWorkflowEffects
{
    /// <summary>What an attempt gets when the test scripted nothing (more) for its step: sent.</summary>
    public static ActionDone Sent { get; } = new(StepStatus.Completed, new JsonObject { ["sent"] = true }, "sent", null);

    readonly Dictionary<string, Queue<ActionResult>> _answers = new(StringComparer.Ordinal);
    readonly Dictionary<string, Func<WaitCall, WaitEnd>> _waits = new(StringComparer.Ordinal);

    public DateTime Now { get; private set; } = start;

    public TimeSpan MovedWaitGrace { get; init; } = TimeSpan.FromHours(1);

    public bool Explains => false;

    /// <summary>The steps the walker settled itself (conditions, delays, loops, waits, steps failing for good), in order.</summary>
    public List<StepRecord> Records { get; } = [];

    /// <summary>Every attempt at an action: what was asked, when, and what it got.</summary>
    public List<(ActionCall Call, DateTime At, ActionResult Result)> Attempts { get; } = [];

    /// <summary>Every timer: when it was set, until when, and whether the execution shows it waiting.</summary>
    public List<(DateTime From, DateTime Until, bool Visible)> Timers { get; } = [];

    /// <summary>Every wait for a reply, an event or a record's date.</summary>
    public List<WaitCall> Waits { get; } = [];

    /// <summary>Step keys in the order the walker first reached them (an action by its first attempt).</summary>
    public List<string> Reached { get; } = [];

    /// <summary>The attempts at <paramref name="stepId"/> get <paramref name="results"/> in turn, then <see cref="Sent"/>.</summary>
    public RecordingEffects Answer(string stepId, params ActionResult[] results)
    {
        if (!_answers.TryGetValue(stepId, out var queue))
        {
            _answers[stepId] = queue = new Queue<ActionResult>();
        }

        foreach (var result in results)
        {
            queue.Enqueue(result);
        }

        return this;
    }

    /// <summary>Every attempt at <paramref name="stepId"/> gets <paramref name="result"/>.</summary>
    public RecordingEffects AnswerAlways(string stepId, ActionResult result) => Answer(stepId, [.. Enumerable.Repeat(result, 1000)]);

    /// <summary>The wait of <paramref name="stepId"/> ends as <paramref name="end"/> says (a signal after some time, or not waiting).</summary>
    public RecordingEffects EndWait(string stepId, Func<WaitCall, WaitEnd> end)
    {
        _waits[stepId] = end;
        return this;
    }

    /// <summary>How many times the action <paramref name="stepId"/> was done (sent, in every iteration of a loop).</summary>
    public int DoneCount(string stepId) => Attempts.Count(a => a.Call.Step.Id == stepId && a.Result is ActionDone);

    /// <summary>The status the walker last recorded for the step <paramref name="key"/>.</summary>
    public StepRecord Last(string key) => Records.Last(r => r.StepKey == key);

    public void Record(PlanStep planStep, StepRecord record, JsonObject? explanation = null)
    {
        Records.Add(record);
        Reach(record.StepKey);
    }

    public Task WaitUntilAsync(DateTime until, bool visible)
    {
        Timers.Add((Now, until, visible));
        if (until > Now)
        {
            Now = until;
        }

        return Task.CompletedTask;
    }

    public Task<ActionResult> RunActionAsync(ActionCall action)
    {
        Reach(action.Key);
        var result = _answers.TryGetValue(action.Step.Id, out var queue) && queue.Count > 0 ? queue.Dequeue() : Sent;
        Attempts.Add((action, Now, result));
        return Task.FromResult(result);
    }

    public Task<HoldEnd> HoldAsync(ActionCall action, ActionHeld held) => Task.FromResult(HoldEnd.Go);

    public Task<WaitEnd> WaitAsync(WaitCall wait)
    {
        Waits.Add(wait);
        var end = _waits.TryGetValue(wait.Step.Id, out var script) ? script(wait) : WaitEnd.TimedOut;
        var until = end.Signal?.At ?? wait.Deadline;
        if (end.NotWaiting is null && until > Now)
        {
            Now = until;
        }

        return Task.FromResult(end);
    }

    void Reach(string key)
    {
        if (!Reached.Contains(key))
        {
            Reached.Add(key);
        }
    }
}
