using System.Diagnostics;
using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Telemetry;
using Fixlify.Workflows;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Fixlify.Telemetry.TelemetryTags;

namespace Fixlify.Engine;

/// <summary>
/// Starts executions: writes their logs (running their workflow version's stored plan) and schedules an orchestration
/// under each one's id. For an event the id is a UUID v5 of (event, workflow), the insert is ON CONFLICT DO NOTHING,
/// and only the caller that inserted the row schedules: the same event dispatched twice runs once. Many executions
/// start together: one statement writes their logs, and their orchestrations are scheduled concurrently.
/// </summary>
internal sealed class ExecutionStarter(TenantDatabase tenants, WorkflowPlans plans, ILogger<ExecutionStarter> logger, IOptions<SchedulingOptions>? scheduling = null)
{
    /// <summary>Namespace of execution ids (UUID v5 of "eventId/workflowId").</summary>
    public static readonly Guid ExecutionNamespace = Guid.Parse("6f1b8a52-3c8e-4f0e-9d4a-51c0f2a7e6b1");

    /// <summary>How many orchestrations are scheduled at once (each is a few round trips to the task hub's storage).</summary>
    readonly int _schedulingConcurrency = Math.Clamp(scheduling?.Value.SchedulingConcurrency ?? SchedulingOptions.DefaultConcurrency, 1, 256);

    /// <param name="ExecutionId">A fresh id for a repeat of an event's execution (a retry); otherwise derived from the event.</param>
    /// <param name="Warnings">What was cut from the trigger for size, for the execution to show.</param>
    /// <param name="TraceParent">The trace the execution continues (its event's); null: the current one.</param>
    internal sealed record StartRequest(
        Guid OrganizationId, WorkflowRecord Workflow, string TriggerType, JsonObject TriggerData, Guid? EventId, int ChainDepth, Guid? ExecutionId = null,
        IReadOnlyList<string>? Warnings = null, string? TraceParent = null)
    {
        public Guid Id { get; } = ExecutionId ?? (EventId is { } eventId ? ExecutionIdFor(eventId, Workflow.Id) : UUIDNext.Uuid.NewSequential());

        /// <summary>
        /// Its record is in the workflow's hold-out group: only an event's first execution (not a manual run, a retry) of a
        /// workflow that keeps a share out (<see cref="HoldOutGroup"/>).
        /// </summary>
        public bool HeldOut { get; } = ExecutionId is null && EventId is not null
            && HoldOutGroup.IsHeldOut(Workflow.Id, Workflow.TriggerConfig, Guid.TryParse(TriggerData["entityId"]?.ToString(), out var record) ? record : null);
    }

    /// <param name="Created">False when an execution for this event and workflow already existed.</param>
    internal sealed record StartResult(Guid ExecutionId, bool Created);

    public static Guid ExecutionIdFor(Guid eventId, Guid workflowId) => UUIDNext.Uuid.NewNameBased(ExecutionNamespace, $"{eventId}/{workflowId}");

    /// <summary>How long a pending execution may wait for its orchestration before a repeat dispatch schedules it again.</summary>
    public static readonly TimeSpan PendingGrace = TimeSpan.FromSeconds(30);

    /// <summary>One execution (a manual run, a retry), in the organization's own transaction. Throws <see cref="InvalidWorkflowException"/>.</summary>
    public async Task<StartResult> StartAsync(DurableTaskClient client, StartRequest request, CancellationToken cancellationToken)
    {
        await using var transaction = await tenants.BeginAsync(request.OrganizationId, cancellationToken);
        var plan = await plans.ForAsync(transaction, request.Workflow, cancellationToken);
        return (await StartAsync(client, transaction, [(request, plan)], cancellationToken)).Single();
    }

    /// <summary>
    /// Many executions, their plans already found, in <paramref name="transaction"/> (committed here): one statement writes
    /// their logs, then the orchestrations of the rows this call wrote (and of earlier rows left pending too long) are
    /// scheduled. When an orchestration cannot be scheduled this throws (after trying every one): its row stays pending, and
    /// a repeat of the dispatch, or the scheduler's tick, schedules it again.
    /// </summary>
    public async Task<IReadOnlyList<StartResult>> StartAsync(
        DurableTaskClient client, DatabaseTransaction transaction, IReadOnlyList<(StartRequest Request, WorkflowPlan Plan)> starts, CancellationToken cancellationToken)
    {
        var inserted = await ExecutionLogRepository.InsertManyAsync(
            transaction,
            [.. starts.Select(s => new ExecutionLogRepository.NewExecution(
                s.Request.Id, s.Request.Workflow.Id, s.Request.OrganizationId, s.Request.TriggerType, s.Request.TriggerData, s.Request.Workflow.Version,
                null, s.Request.EventId, s.Request.ChainDepth, s.Request.Warnings is { Count: > 0 } w ? new JsonArray([.. w.Select(x => (JsonNode?)x)]) : null,
                s.Request.HeldOut))],
            cancellationToken);
        // A paused automation keeps its triggers: their executions are logged 'paused' and not scheduled until it is resumed.
        var paused = await PausedWorkflows.HoldNewAsync(transaction, inserted, cancellationToken);
        var existing = starts.Select(s => s.Request.Id).Where(id => !inserted.Contains(id)).ToArray();
        var pending = existing.Length == 0
            ? []
            : await ExecutionLogRepository.StillPendingAsync(transaction, existing, PendingGrace, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        AutomationMetrics.ExecutionsStarted.Add(inserted.Count);

        // A row already logged and still pending after a grace: its first dispatcher may have died before scheduling it,
        // so it is scheduled again. Not sooner: the task hub may replace an instance still pending under the same id.
        // A held-out execution is written ended: it has no orchestration, so nothing of it can send.
        var toSchedule = starts
            .Where(s => !s.Request.HeldOut && ((inserted.Contains(s.Request.Id) && !paused.Contains(s.Request.Id)) || pending.Contains(s.Request.Id)))
            .Select(s => (s.Request, Start: FoldedStart.For(s.Plan, s.Request.ChainDepth)))
            .ToList();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        await Parallel.ForEachAsync(
            toSchedule,
            new ParallelOptions { MaxDegreeOfParallelism = _schedulingConcurrency, CancellationToken = cancellationToken },
            async (scheduled, ct) =>
            {
                var request = scheduled.Request;
                // The orchestration's spans (the Durable Task SDK's) continue this one, and so the event's trace.
                using var span = AutomationTelemetry.StartSpan(
                    $"dispatch {request.TriggerType}", ActivityKind.Producer, request.TraceParent,
                    Tag(TelemetryTags.Organization, request.OrganizationId), Tag(TelemetryTags.Workflow, request.Workflow.Id),
                    Tag(TelemetryTags.Execution, request.Id), Tag(TelemetryTags.Event, request.EventId));
                try
                {
                    await ScheduleAsync(client, request.Id, request.OrganizationId, ct, scheduled.Start);
                    Log.ExecutionScheduled(logger, request.Id, request.Workflow.Id, request.TriggerType);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    span.Failed(e);
                    Log.ScheduleFailed(logger, request.Id, e.Message);
                    failures.Enqueue(e);
                }
            });
        if (!failures.IsEmpty)
        {
            // The rows stay pending: a repeat of this dispatch after the grace, or the scheduler's tick, schedules them again.
            throw new AggregateException($"{failures.Count} of {toSchedule.Count} orchestration(s) could not be scheduled.", failures);
        }

        foreach (var id in existing.Where(id => !pending.Contains(id)))
        {
            Log.ExecutionExists(logger, id);
        }

        return [.. starts.Select(s => new StartResult(s.Request.Id, inserted.Contains(s.Request.Id)))];
    }

    /// <summary>
    /// Schedules the orchestration of a logged execution; an instance that already exists counts as scheduled.
    /// <paramref name="start"/>: its plan, for its first action's activity to start it (ADR 0023); null: StartExecution does.
    /// </summary>
    public static async Task ScheduleAsync(DurableTaskClient client, Guid executionId, Guid organizationId, CancellationToken cancellationToken, FoldedStart? start = null)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                WorkflowTasks.RunWorkflow,
                new RunWorkflowInput(executionId, organizationId, start),
                new StartOrchestrationOptions(executionId.ToString()),
                cancellationToken);
        }
        catch (Exception e) when (e is RpcException { StatusCode: StatusCode.AlreadyExists } || e.GetType().Name == "OrchestrationAlreadyExistsException")
        {
            // Already running: the execution is in hand.
        }
    }
}
