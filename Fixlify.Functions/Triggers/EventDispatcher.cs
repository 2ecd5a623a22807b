using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Triggers;

/// <summary>
/// Events → the organizations' active workflows of those trigger types whose filters match → one execution each
/// (deterministic id: a second dispatch of the same event starts nothing). Events an automation caused are ignored
/// unless a workflow opts in, and never beyond the chain-depth limit. A batch of events costs one query for the
/// workflows, one statement for the executions' logs, and concurrent scheduling of their orchestrations.
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

                var (trigger, warnings) = TriggerData(automationEvent);
                starts.Add((new ExecutionStarter.StartRequest(
                    automationEvent.OrganizationId, workflow, automationEvent.EventType, trigger, automationEvent.Id, automationEvent.ChainDepth, Warnings: warnings), plan));
            }
        }

        var results = await starter.StartAsync(client, transaction, starts, cancellationToken);
        return results.Count(r => r.Created);
    }

    /// <summary>Whether <paramref name="workflow"/> starts on the event: its filters match, and an automation's event only if it opts in.</summary>
    bool Starts(AutomationEvent automationEvent, WorkflowRecord workflow)
    {
        if (automationEvent.Origin is not null)
        {
            if (!TriggerSettings.AllowsAutomationOrigin(workflow.TriggerConfig))
            {
                Log.IgnoredAutomationEvent(logger, automationEvent.Id, automationEvent.EventType, workflow.Id);
                return false;
            }

            if (automationEvent.ChainDepth >= options.Value.MaxChainDepth)
            {
                Log.ChainTooDeep(logger, automationEvent.Id, automationEvent.ChainDepth, workflow.Id);
                return false;
            }
        }

        return TriggerSettings.Matches(workflow.TriggerConfig, automationEvent.Payload);
    }

    /// <summary>
    /// What an execution's <c>trigger</c> holds: the event and its payload (new row, old values, from/to), long texts cut
    /// (with what was cut, for the execution to show).
    /// </summary>
    public static (JsonObject Trigger, IReadOnlyList<string> Warnings) TriggerData(AutomationEvent automationEvent)
    {
        var data = (JsonObject)automationEvent.Payload.DeepClone();
        data["eventId"] = automationEvent.Id.ToString();
        data["entityType"] = automationEvent.EntityType;
        data["entityId"] = automationEvent.EntityId?.ToString();
        data["origin"] = automationEvent.Origin;
        data["chainDepth"] = automationEvent.ChainDepth;
        data["occurredAt"] = automationEvent.OccurredAt;
        var warnings = new List<string>();
        FieldLimits.Cut(data, "trigger", warnings);
        return (data, warnings);
    }
}
