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
/// One execution per record (<c>triggerConfig.onePerRecord</c>): a new trigger for a record with a running execution of
/// the workflow replaces it (<c>replace</c>: the running one is cancelled, saying why — the latest reschedule wins) or
/// starts nothing (<c>ignore</c>); <c>allow</c> (the default) runs both. Exits (<c>triggerConfig.stopWhen.states</c>): an
/// event that puts a record in a state ends the running executions about it that stop on that state, <c>cancelled</c> with
/// the reason in words ("Invoice #1042 was paid"), whatever they wait for.
/// </summary>
internal sealed class EventDispatcher(
    ServiceDatabase database, ExecutionStarter starter, WorkflowPlans plans, FinishExecution finish, IOptions<DispatchOptions> options, ILogger<EventDispatcher> logger)
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
        var replacing = new List<(ExecutionStarter.StartRequest Start, AutomationEvent Event)>();
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

                var onePerRecord = workflow.TriggerConfig["onePerRecord"]?.ToString();
                var (trigger, warnings) = ExecutionContextBuilder.EventTrigger(automationEvent);
                var start = new ExecutionStarter.StartRequest(
                    automationEvent.OrganizationId, workflow, automationEvent.EventType, trigger, automationEvent.Id, automationEvent.ChainDepth, Warnings: warnings,
                    TraceParent: automationEvent.TraceParent);
                if (onePerRecord == "ignore" && automationEvent.EntityId is { } entity
                    && (await RecordExecutions.OfWorkflowAsync(transaction, workflow.OrganizationId, workflow.Id, entity, [start.Id], cancellationToken)).Count > 0)
                {
                    Log.IgnoredForRunningExecution(logger, automationEvent.Id, workflow.Id);
                    continue;
                }

                if (onePerRecord == "replace" && automationEvent.EntityId is not null)
                {
                    replacing.Add((start, automationEvent));
                }

                starts.Add((start, plan));
            }
        }

        var results = await starter.StartAsync(client, transaction, starts, cancellationToken);
        await ReplaceAsync(client, replacing, cancellationToken);
        await WakeAsync(client, events, cancellationToken);
        await MoveAsync(client, events, cancellationToken);
        await StopAsync(client, events, cancellationToken);
        return results.Count(r => r.Created);
    }

    /// <summary>
    /// One execution per record, <c>replace</c>: the record's other running executions of the workflow are cancelled, saying
    /// which trigger replaced them.
    /// </summary>
    async Task ReplaceAsync(DurableTaskClient client, IReadOnlyList<(ExecutionStarter.StartRequest Start, AutomationEvent Event)> replacing, CancellationToken cancellationToken)
    {
        foreach (var (start, automationEvent) in replacing)
        {
            IReadOnlyList<RecordExecutions.Running> older;
            await using (var transaction = await database.BeginAsync(cancellationToken))
            {
                older = await RecordExecutions.OfWorkflowAsync(
                    transaction, start.OrganizationId, start.Workflow.Id, automationEvent.EntityId!.Value, [start.Id], cancellationToken);
            }

            var record = StopWhen.Name(automationEvent.EntityType, automationEvent.Payload["new"] as System.Text.Json.Nodes.JsonObject);
            var reason = automationEvent.EventType == "job_rescheduled"
                ? $"Replaced: {record} was rescheduled, and the latest reschedule wins (execution {start.Id})."
                : $"Replaced by a newer {automationEvent.EventType.Replace('_', ' ')} for {record} (execution {start.Id}): one execution per record.";
            foreach (var running in older)
            {
                await CancelAsync(client, running, reason, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Waits that follow a record's date (a reminder the day before a job) are told when an event moves it (the job was
    /// rescheduled): the orchestration reads the date again, cancels its timer and waits for the new moment.
    /// </summary>
    async Task MoveAsync(DurableTaskClient client, IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken)
    {
        IReadOnlyList<ExecutionWaits.WokenStep> moved;
        await using (var transaction = await database.BeginAsync(cancellationToken))
        {
            moved = await ExecutionWaits.MovedAsync(transaction, events, cancellationToken);
        }

        var byId = events.DistinctBy(e => e.Id).ToDictionary(e => e.Id);
        foreach (var wait in moved)
        {
            var happened = byId[wait.EventId];
            await client.RaiseEventAsync(
                wait.ExecutionId.ToString(),
                WaitSignal.EventName(wait.StepKey),
                new WaitSignal(happened.OccurredAt.UtcDateTime, EventType: happened.EventType, EventId: happened.Id),
                cancellationToken);
            Log.WaitWoken(logger, wait.ExecutionId, wait.StepKey, happened.Id, happened.EventType);
        }
    }

    /// <summary>
    /// Exits: an event that puts its record in a state ends the running executions about that record that stop on it,
    /// <c>cancelled</c> with the reason in words.
    /// </summary>
    async Task StopAsync(DurableTaskClient client, IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken)
    {
        foreach (var automationEvent in events.Where(e => e.EntityId is not null && RecordStates.Of(e.EventType) is not null))
        {
            IReadOnlyList<RecordExecutions.Running> stopped;
            await using (var transaction = await database.BeginAsync(cancellationToken))
            {
                stopped = await RecordExecutions.StoppedByAsync(
                    transaction, automationEvent.OrganizationId, automationEvent.EntityId!.Value, automationEvent.EventType, cancellationToken);
            }

            if (stopped.Count == 0)
            {
                continue;
            }

            var state = RecordStates.Of(automationEvent.EventType)!;
            var reason = $"{StopWhen.Name(state.Entity, automationEvent.Payload["new"] as System.Text.Json.Nodes.JsonObject)} {state.Words}.";
            foreach (var running in stopped)
            {
                await CancelAsync(client, running, reason, cancellationToken);
            }
        }

        await StopByRuleAsync(client, events, cancellationToken);
    }

    /// <summary>
    /// Exits by rule (<c>stopWhen.rule</c>) while an execution waits: an event on its record shows the record as it is now,
    /// and a rule that reads only that record is checked on it; one that holds ends the execution, saying so. (A rule that
    /// reads other records is checked before the next action, on the records read again.)
    /// </summary>
    async Task StopByRuleAsync(DurableTaskClient client, IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken)
    {
        foreach (var automationEvent in events.Where(e => e.EntityId is not null && e.Payload["new"] is System.Text.Json.Nodes.JsonObject))
        {
            IReadOnlyList<RecordExecutions.WithStopRule> running;
            await using (var transaction = await database.BeginAsync(cancellationToken))
            {
                running = await RecordExecutions.WithStopRuleAsync(transaction, automationEvent.OrganizationId, automationEvent.EntityId!.Value, cancellationToken);
            }

            var context = new System.Text.Json.Nodes.JsonObject { [automationEvent.EntityType] = automationEvent.Payload["new"]!.DeepClone() };
            foreach (var execution in running)
            {
                if (TriggerType.Find(execution.TriggerType) is not { } trigger)
                {
                    continue;
                }

                var errors = new List<FieldError>();
                var exit = StopWhen.Read(System.Text.Json.Nodes.JsonNode.Parse(execution.StopWhen), trigger, ContextSchema.For(trigger), errors);
                if (exit?.Rule is not { } rule || !ReadsOnly(rule, automationEvent.EntityType) || !ConditionEvaluator.Evaluate(rule, context))
                {
                    continue;
                }

                await CancelAsync(
                    client, new RecordExecutions.Running(execution.ExecutionId, execution.OrganizationId), $"Its stop rule held: {ConditionEvaluator.Describe(rule)}", cancellationToken);
            }
        }
    }

    static bool ReadsOnly(ConditionGroup group, string entity) =>
        group.Rules.All(r => ContextSchema.Segments(r.Field) is [var root, ..] && root == entity) && group.Groups.All(g => ReadsOnly(g, entity));

    /// <summary>Ends a running execution: its orchestration terminated, then the execution marked cancelled with the reason.</summary>
    async Task CancelAsync(DurableTaskClient client, RecordExecutions.Running running, string reason, CancellationToken cancellationToken)
    {
        await client.TerminateInstanceAsync(running.ExecutionId.ToString(), reason, cancellationToken);
        if (await finish.RunAsync(new FinishExecutionInput(running.ExecutionId, running.OrganizationId, ExecutionStatus.Cancelled, reason), cancellationToken))
        {
            Log.ExecutionStopped(logger, running.ExecutionId, reason);
        }
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
