using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.Extensions.Options;

namespace Fixlify.Engine;

/// <summary>A backtest's figures, or what is wrong with the period it was asked for (nothing ran then).</summary>
internal sealed record BacktestResult(JsonObject? Report, IReadOnlyList<FieldError> Errors);

/// <summary>How far a backtest has come: <see cref="Replayed"/> of the period's <see cref="Total"/> events.</summary>
internal sealed record BacktestProgress(int Replayed, int Total);

/// <summary>
/// What a workflow, as saved, would have done over a past period: the period's real events of its trigger (from the
/// outbox; a time trigger's moments recomputed from the records), each through the dispatcher's trigger matching
/// (<see cref="TriggerSettings.Admit"/>) and, when it would have started an execution, through the dry run's walk
/// (<see cref="WorkflowDryRun.WalkAsync"/>: the <see cref="PlanWalker"/> with simulated effects) on a clock starting at
/// the event. Every read is in a read-only transaction: nothing is sent, logged or written. The records are read as they
/// are now (the trigger's own row as it was, from the event), and waits time out (no reply or event is simulated).
/// </summary>
internal sealed class WorkflowBacktest(TenantDatabase database, WorkflowPlans plans, WorkflowDryRun dryRun, IOptions<DispatchOptions> dispatch)
{
    /// <summary>The most events one backtest replays; a period with more is refused (400), to be cut shorter.</summary>
    public const int MaxEvents = 10_000;

    /// <summary>The longest period one backtest covers.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(92);

    /// <summary>How many executions the answer shows in full, spread over the period.</summary>
    public const int SampleCount = 20;

    /// <summary>Throws <see cref="InvalidWorkflowException"/> when the workflow does not compile as saved.</summary>
    /// <param name="from">Start of the period, UTC, included.</param>
    /// <param name="to">End of the period, UTC, excluded; not after now (checked by the caller).</param>
    /// <param name="progress">Told 0 of the total once the events are read, then after each event replayed (every call: throttle it).</param>
    public async Task<BacktestResult> RunAsync(
        Guid organizationId, WorkflowRecord workflow, DateTimeOffset from, DateTimeOffset to, IProgress<BacktestProgress>? progress, CancellationToken cancellationToken)
    {
        var plan = plans.Compile(workflow);
        var figures = new BacktestFigures();
        var walks = new List<(AutomationEvent Event, JsonObject Records, WalkOutcome Outcome, JsonArray Steps)>();
        await using (var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken))
        {
            var events = await EventsAsync(transaction, organizationId, workflow, from, to, cancellationToken);
            if (events.Count > MaxEvents)
            {
                return new BacktestResult(null, [new FieldError("to", $"The period holds more than {MaxEvents:N0} {workflow.TriggerType} events; a backtest replays at most {MaxEvents:N0}: shorten the period.")]);
            }

            figures.Events = events.Count;
            progress?.Report(new BacktestProgress(0, events.Count));
            for (var replayed = 0; replayed < events.Count; replayed++)
            {
                if (replayed > 0)
                {
                    progress?.Report(new BacktestProgress(replayed, events.Count));
                }

                var happened = events[replayed];
                var replay = await ReplayAsync(transaction, organizationId, workflow, plan, happened, cancellationToken);
                figures.Admit(replay.Admission);
                if (replay.HeldOut)
                {
                    // A record in the hold-out group would have had an execution that ended at once, nothing sent.
                    figures.HeldOut++;
                }
                else if (replay.Walk is { } walk)
                {
                    figures.Add(walk.Outcome, walk.Steps);
                    walks.Add((happened, walk.Records, walk.Outcome, walk.Steps));
                }
            }
        }

        if (figures.Events > 0)
        {
            progress?.Report(new BacktestProgress(figures.Events, figures.Events));
        }

        var report = figures.ToJson();
        report["workflowId"] = workflow.Id.ToString();
        report["workflowName"] = workflow.Name;
        report["workflowVersion"] = workflow.Version;
        report["triggerType"] = workflow.TriggerType;
        report["from"] = from;
        report["to"] = to;
        report["samples"] = new JsonArray([.. Spread(walks, SampleCount).Select(w => (JsonNode)new JsonObject
        {
            ["eventId"] = w.Event.Id.ToString(),
            ["occurredAt"] = w.Event.OccurredAt,
            ["records"] = w.Records,
            ["outcome"] = WorkflowDryRun.Outcome(w.Outcome),
            ["error"] = WorkflowDryRun.Error(w.Outcome),
            ["group"] = HoldOutGroup.Percent(workflow.TriggerConfig) is null ? null : "treated",
            ["steps"] = w.Steps,
        })]);
        report["notes"] = new JsonArray(
            "Records are read as they are now; the trigger's own row (trigger.new) is as it was when the event happened.",
            "Waits time out: a backtest simulates no reply and no event.",
            "The daily message cap counts messages actually sent, not the ones this backtest would have sent.",
            "Records in the hold-out group (heldOut) would have ended at once with nothing sent; they are not walked or shown.");
        return new BacktestResult(report, []);
    }

    /// <summary>
    /// What one event would have done: whether it starts an execution and, when it does, the dry run's walk of it — or,
    /// for a record in the hold-out group (<c>HeldOut</c>), an execution that ends at once with nothing walked or sent.
    /// </summary>
    internal sealed record Replay(EventAdmission Admission, ReplayedWalk? Walk, bool HeldOut = false);

    /// <summary>A simulated execution: the records it is about (<c>ClientId</c>: its client, if any), how it ends, and its steps.</summary>
    internal sealed record ReplayedWalk(JsonObject Records, Guid? ClientId, WalkOutcome Outcome, JsonArray Steps);

    /// <summary>
    /// One event through the dispatcher's trigger matching and, when it would have started an execution, the dry run's walk
    /// of <paramref name="plan"/> on a clock starting at the event (in the caller's read-only transaction).
    /// </summary>
    internal async Task<Replay> ReplayAsync(
        DatabaseTransaction transaction, Guid organizationId, WorkflowRecord workflow, WorkflowPlan plan, AutomationEvent happened, CancellationToken cancellationToken)
    {
        var admission = TriggerSettings.Admit(
            workflow.TriggerConfig, happened.Payload, happened.Origin is not null, happened.ChainDepth, dispatch.Value.MaxChainDepth);
        if (admission != EventAdmission.Starts)
        {
            return new Replay(admission, null);
        }

        if (HoldOutGroup.IsHeldOut(workflow.Id, workflow.TriggerConfig, happened.EntityId))
        {
            return new Replay(admission, null, HeldOut: true);
        }

        // The execution the event would have started, built as its start builds it, and walked as a run walks it.
        var executionId = ExecutionStarter.ExecutionIdFor(happened.Id, workflow.Id);
        var (trigger, _) = ExecutionContextBuilder.EventTrigger(happened);
        var built = await ExecutionContextBuilder.BuildAsync(
            transaction,
            new ExecutionContextSource(executionId, organizationId, workflow.Id, workflow.Name, workflow.Version, workflow.TriggerType, trigger),
            cancellationToken);
        var (outcome, effects) = await dryRun.WalkAsync(organizationId, executionId, plan, built, happened.OccurredAt, DryRunSimulation.None);
        return new Replay(
            admission, new ReplayedWalk(WorkflowDryRun.Records(workflow.TriggerType, built), ActionContext.RecordId(built.Values, "client"), outcome, effects.Entries));
    }

    /// <summary>The period's events of the workflow's trigger, in time order: at most one more than <see cref="MaxEvents"/>.</summary>
    internal static async Task<List<AutomationEvent>> EventsAsync(
        DatabaseTransaction transaction, Guid organizationId, WorkflowRecord workflow, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        const int limit = MaxEvents + 1;
        switch (workflow.TriggerType)
        {
            case var type when TimeTriggerEvents.Definitions.ContainsKey(type):
                return await TimeTriggerEvents.PastAsync(transaction, organizationId, workflow.Id, type, workflow.TriggerConfig, from, to, limit, cancellationToken);
            case "scheduled" or "recurring":
                var schedule = WorkflowSchedule.Read(workflow.TriggerType, workflow.Schedule, new List<FieldError>());
                var runs = new List<AutomationEvent>();
                for (var run = schedule?.NextAfter(from.AddTicks(-1)); run is { } at && at < to && runs.Count < limit; run = schedule!.NextAfter(at))
                {
                    // The run as the tick writes it (id and payload).
                    var (id, payload) = workflow.TriggerType == TriggerType.Scheduled.Name
                        ? WorkflowSchedule.OneOffRun(workflow.Id, at)
                        : schedule!.RecurringRun(workflow.Id, at, missedRuns: 0);
                    runs.Add(new AutomationEvent(id, organizationId, workflow.TriggerType, "schedule", workflow.Id, payload, null, 0, at));
                }

                return runs;
            case "manual":
                return [];
            default:
                return await PastEvents.CapturedAsync(transaction, organizationId, workflow.TriggerType, from, to, limit, cancellationToken);
        }
    }

    /// <summary>Up to <paramref name="count"/> items spread evenly over the list, the first one included.</summary>
    internal static IEnumerable<T> Spread<T>(List<T> items, int count) =>
        items.Count <= count ? items : Enumerable.Range(0, count).Select(i => items[(int)((long)i * items.Count / count)]);
}
