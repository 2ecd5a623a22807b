using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Telemetry;
using Fixlify.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Fixlify.Telemetry.TelemetryTags;

namespace Fixlify.Triggers;

/// <summary>
/// Events → the organizations' active workflows of those trigger types whose filters match → one execution each
/// (deterministic id: a second dispatch of the same event starts nothing). Events an automation caused are ignored
/// unless a workflow opts in, and never beyond the chain-depth limit. A batch of events costs one query for the
/// workflows, one statement for the executions' logs, and concurrent scheduling of their orchestrations. The same events
/// then wake the executions waiting for them (<c>wait_for_event</c>): one indexed statement finds and ends those waits,
/// and each one's orchestration is raised the step's external event.
/// </summary>
public sealed class EventDispatcher(
    ServiceDatabase database, ExecutionStarter starter, WorkflowPlans plans, IOptions<DispatchOptions> options, ILogger<EventDispatcher> logger)
{
    /// <returns>How many executions this call started.</returns>
    public Task<int> DispatchAsync(DurableTaskClient client, AutomationEvent automationEvent, CancellationToken cancellationToken) =>
        DispatchAsync(client, [automationEvent], cancellationToken);

    /// <returns>How many executions this call started.</returns>
    public async Task<int> DispatchAsync(DurableTaskClient client, IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var automationEvent in events)
        {
            AutomationMetrics.DispatchLag.Record(Math.Max(0, (now - automationEvent.OccurredAt).TotalSeconds), Tag(TelemetryTags.EventType, automationEvent.EventType));
        }

        await using var transaction = await database.BeginAsync(cancellationToken);
        var triggers = events.Select(e => (e.OrganizationId, e.EventType)).Distinct().ToList();
        var workflows = (await WorkflowRepository.ListActiveForAsync(transaction, triggers, cancellationToken))
            .ToLookup(w => (w.OrganizationId, w.TriggerType));
        var starts = new List<(ExecutionStarter.StartRequest, WorkflowPlan)>();
        var invalid = new HashSet<Guid>();
        foreach (var automationEvent in events)
        {
            // A time trigger's event names the one workflow it is for.
            foreach (var workflow in workflows[(automationEvent.OrganizationId, automationEvent.EventType)]
                         .Where(w => automationEvent.TargetWorkflowId is not { } target || w.Id == target))
            {
                if (!Starts(automationEvent, workflow) || invalid.Contains(workflow.Id))
                {
                    continue;
                }

                WorkflowPlan plan;
                try
                {
                    plan = await plans.ForAsync(transaction, workflow, cancellationToken);
                }
                catch (InvalidWorkflowException e)
                {
                    // A workflow saved before a rule tightened: skip it, keep the others going.
                    Log.WorkflowInvalid(logger, workflow.Id, e.Message);
                    invalid.Add(workflow.Id);
                    continue;
                }

                var (trigger, warnings) = ExecutionContextBuilder.EventTrigger(automationEvent);
                starts.Add((new ExecutionStarter.StartRequest(
                    automationEvent.OrganizationId, workflow, automationEvent.EventType, trigger, automationEvent.Id, automationEvent.ChainDepth, Warnings: warnings,
                    TraceParent: automationEvent.TraceParent), plan));
            }
        }

        var results = await starter.StartAsync(client, transaction, starts, cancellationToken);
        await WakeAsync(client, events, cancellationToken);
        return results.Count(r => r.Created);
    }

    /// <summary>
    /// Ends the waits the events are for. The waits are deleted in a transaction committed only after every orchestration
    /// was raised its event: when raising fails the dispatch fails and is repeated, and a waiting step takes the first
    /// signal it gets (a second one for the same step is never read).
    /// </summary>
    async Task WakeAsync(DurableTaskClient client, IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var woken = await ExecutionWaits.WakeAsync(transaction, events, cancellationToken);
        if (woken.Count == 0)
        {
            return;
        }

        var byId = events.DistinctBy(e => e.Id).ToDictionary(e => e.Id);
        await Parallel.ForEachAsync(
            woken,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (wait, ct) =>
            {
                var happened = byId[wait.EventId];
                await client.RaiseEventAsync(
                    wait.ExecutionId.ToString(),
                    WaitSignal.EventName(wait.StepKey),
                    new WaitSignal(happened.OccurredAt.UtcDateTime, EventType: happened.EventType, EventId: happened.Id),
                    ct);
                Log.WaitWoken(logger, wait.ExecutionId, wait.StepKey, happened.Id, happened.EventType);
            });
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="workflow"/> starts on the event: its filters match, and an automation's event only if it opts in.</summary>
    bool Starts(AutomationEvent automationEvent, WorkflowRecord workflow)
    {
        var admission = TriggerSettings.Admit(
            workflow.TriggerConfig, automationEvent.Payload, automationEvent.Origin is not null, automationEvent.ChainDepth, options.Value.MaxChainDepth);
        switch (admission)
        {
            case EventAdmission.AutomationOrigin:
                Log.IgnoredAutomationEvent(logger, automationEvent.Id, automationEvent.EventType, workflow.Id);
                break;
            case EventAdmission.ChainTooDeep:
                Log.ChainTooDeep(logger, automationEvent.Id, automationEvent.ChainDepth, workflow.Id);
                break;
        }

        return admission == EventAdmission.Starts;
    }
}
