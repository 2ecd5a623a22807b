using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Triggers;

/// <summary>
/// An event → the organization's active workflows of that trigger type whose filters match → one execution each
/// (deterministic id: a second dispatch of the same event starts nothing). Events an automation caused are ignored
/// unless a workflow opts in, and never beyond the chain-depth limit.
/// </summary>
public sealed class EventDispatcher(TenantDatabase database, ExecutionStarter starter, IOptions<DispatchOptions> options, ILogger<EventDispatcher> logger)
{
    /// <returns>How many executions this call started.</returns>
    public async Task<int> DispatchAsync(DurableTaskClient client, AutomationEvent automationEvent, CancellationToken cancellationToken)
    {
        List<WorkflowRecord> workflows;
        await using (var transaction = await database.BeginAsync(automationEvent.OrganizationId, cancellationToken))
        {
            // A time trigger's event names the one workflow it is for.
            workflows = await WorkflowRepository.ListActiveByTriggerAsync(transaction, automationEvent.EventType, automationEvent.TargetWorkflowId, cancellationToken);
        }

        var started = 0;
        foreach (var workflow in workflows)
        {
            if (automationEvent.Origin is not null)
            {
                if (!TriggerSettings.AllowsAutomationOrigin(workflow.TriggerConfig))
                {
                    Log.IgnoredAutomationEvent(logger, automationEvent.Id, automationEvent.EventType, workflow.Id);
                    continue;
                }

                if (automationEvent.ChainDepth >= options.Value.MaxChainDepth)
                {
                    Log.ChainTooDeep(logger, automationEvent.Id, automationEvent.ChainDepth, workflow.Id);
                    continue;
                }
            }

            if (!TriggerSettings.Matches(workflow.TriggerConfig, automationEvent.Payload))
            {
                continue;
            }

            try
            {
                var result = await starter.StartAsync(
                    client,
                    new ExecutionStarter.StartRequest(automationEvent.OrganizationId, workflow, automationEvent.EventType, TriggerData(automationEvent), automationEvent.Id, automationEvent.ChainDepth),
                    cancellationToken);
                started += result.Created ? 1 : 0;
            }
            catch (InvalidWorkflowException e)
            {
                // A workflow saved before a rule tightened: skip it, keep the others going.
                Log.WorkflowInvalid(logger, workflow.Id, e.Message);
            }
        }

        return started;
    }

    /// <summary>What an execution's <c>trigger</c> holds: the event and its payload (new row, old values, from/to).</summary>
    public static JsonObject TriggerData(AutomationEvent automationEvent)
    {
        var data = (JsonObject)automationEvent.Payload.DeepClone();
        data["eventId"] = automationEvent.Id.ToString();
        data["entityType"] = automationEvent.EntityType;
        data["entityId"] = automationEvent.EntityId?.ToString();
        data["origin"] = automationEvent.Origin;
        data["chainDepth"] = automationEvent.ChainDepth;
        data["occurredAt"] = automationEvent.OccurredAt;
        return data;
    }
}
