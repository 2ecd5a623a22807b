using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Telemetry;
using Fixlify.Workflows;
using Microsoft.Extensions.Logging;
using static Fixlify.Telemetry.TelemetryTags;

namespace Fixlify.Engine;

/// <param name="Pending">Steps the walker settled since the last activity (conditions, loops, a delay's end): recorded with this one.</param>
internal sealed record ExecuteActionInput(Guid ExecutionId, Guid OrganizationId, ActionCall Call, IReadOnlyList<StepRecord> Pending);

/// <summary>
/// Activity: one attempt at an action, through the handler registered for its type, recorded in the step's row (with
/// the steps settled before it) in one statement. A step with an <c>onlyIf</c> guard first reloads the execution's
/// records (an invoice paid during a delay) and is skipped, without calling the handler, when the guard is false.
/// The handler's failures are not thrown: they come back as <see cref="ActionFailed"/>, so the walker decides on a retry.
/// What it gives back of the output is what later steps read of it (<see cref="ActionStep.OutputReads"/>). When nothing
/// follows the step (<see cref="ActionCall.Ends"/>) and it is done, the execution ends completed in the transaction that
/// records the step (ADR 0023); otherwise the orchestration's FinishExecution ends it.
/// </summary>
internal sealed class ExecuteAction(ActionHandlers handlers, TenantDatabase database, ExecutionUpdateNotifier updates, TimeProvider clock, ILogger<ExecuteAction> logger)
{
    /// <summary>The most of an action's output later steps may read (bytes of JSON): it is carried in the execution's history.</summary>
    public const int MaxCarriedOutputBytes = 256 * 1024;

    public async Task<ActionResult> RunAsync(ExecuteActionInput input, CancellationToken cancellationToken)
    {
        var call = input.Call;
        var step = call.Step;
        using var span = AutomationTelemetry.StartSpan(
            $"step {step.ActionType}", Tag(TelemetryTags.Organization, input.OrganizationId), Tag(TelemetryTags.Execution, input.ExecutionId),
            Tag(TelemetryTags.Step, call.Key), Tag(TelemetryTags.StepType, step.ActionType), Tag(TelemetryTags.Attempt, call.Attempt));
        var began = Stopwatch.GetTimestamp();
        var (result, outcome) = await AttemptAsync(input, cancellationToken);
        AutomationMetrics.StepDuration.Record(Stopwatch.GetElapsedTime(began).TotalSeconds, Tag(TelemetryTags.StepType, step.ActionType));
        if (result is ActionFailed failure)
        {
            span?.SetStatus(ActivityStatusCode.Error, failure.Permanent ? "permanent" : "transient");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        StepRecord Row(StepStatus status, JsonNode? output, string? error, DateTime? finished) =>
            new(call.Key, step.Id, step.ActionType, step.Label ?? outcome?.Summary, call.Sequence, status, call.StartedAt, finished, call.Attempt, output, error);

        StepRecord row;
        var executionStatus = ExecutionStatus.Processing;
        switch (result)
        {
            case ActionDone done:
                row = Row(done.Status, outcome?.Output ?? done.Output, null, now);
                if (done.Output is not null && Encoding.UTF8.GetByteCount(done.Output.ToJsonString()) is var bytes && bytes > MaxCarriedOutputBytes)
                {
                    var error = $"Later steps read {bytes:N0} bytes of this step's output; at most {MaxCarriedOutputBytes:N0} can be passed between steps. Read less of it.";
                    result = new ActionFailed(error, Permanent: true);
                    row = Row(StepStatus.Failed, outcome?.Output, PlanWalker.FailureMessage(step, call.Attempt, error), now);
                }

                break;
            case ActionStopped stopped:
                row = Row(StepStatus.Skipped, new JsonObject { ["stoppedBecause"] = stopped.Reason }, null, now);
                break;
            case ActionHeld held:
                // Not failed: held until the provider answers again (or the automation is resumed), ADR 0019.
                row = Row(StepStatus.Waiting, new JsonObject { ["heldBecause"] = held.Reason, ["heldSince"] = held.HeldAt, ["provider"] = held.Provider }, null, null);
                executionStatus = ExecutionStatus.Waiting;
                break;
            case ActionDeferred deferred:
                row = Row(StepStatus.Waiting, deferred.Output, null, null);
                executionStatus = ExecutionStatus.Waiting;
                break;
            case ActionFailed failed when failed.Permanent || call.FinalAttempt:
                row = Row(StepStatus.Failed, null, PlanWalker.FailureMessage(step, call.Attempt, failed.Error), now);
                break;
            default:
                var retryAt = now + step.Retry.DelayBefore(call.Attempt + 1);
                var transient = (ActionFailed)result;
                AutomationMetrics.Retries.Add(1, Tag(TelemetryTags.StepType, step.ActionType));
                row = Row(StepStatus.Waiting, new JsonObject { ["retryAt"] = retryAt, ["failedAttempts"] = call.Attempt }, transient.Error, null);
                executionStatus = ExecutionStatus.Waiting;
                break;
        }

        // Nothing follows a step that is done: the execution ends with its row, in the same transaction (ADR 0023).
        var end = call.Ends is { } ends && result is ActionDone
            ? new FinishExecutionInput(input.ExecutionId, input.OrganizationId, ExecutionStatus.Completed, null, null, ends.Warnings)
            : null;
        var ended = false;
        await using (var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken))
        {
            await ExecutionStepRepository.RecordAsync(transaction, input.ExecutionId, input.OrganizationId, [.. input.Pending, row], executionStatus, cancellationToken);
            if (call.Released && result is not ActionHeld)
            {
                await ProviderCircuits.ReleaseAsync(transaction, input.ExecutionId, call.Key, cancellationToken);
            }

            if (end is not null)
            {
                ended = await FinishExecution.EndAsync(transaction, end, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        updates.Changed(input.OrganizationId);
        if (ended)
        {
            FinishExecution.Ended(logger, end!);
        }

        return result;
    }

    /// <summary>The attempt's result for the walker, and the handler's own outcome (with the whole output) when it had one.</summary>
    async Task<(ActionResult Result, ActionOutcome? Outcome)> AttemptAsync(ExecuteActionInput input, CancellationToken cancellationToken)
    {
        var call = input.Call;
        var step = call.Step;
        try
        {
            // Cancelled while its orchestration had not yet heard (a host down when the cancel came): nothing more is done.
            var gate = await GateAsync(input, cancellationToken);
            if (gate.Ended)
            {
                Log.ActionDone(logger, input.ExecutionId, call.Key, step.ActionType, ActionStatus.Skipped, call.Attempt);
                return (new ActionStopped("The execution had already ended (it was cancelled): nothing more is done."), null);
            }

            var handler = handlers.Get(step.ActionType);
            var context = call.Context;
            if (call.StopWhen is { } exit)
            {
                // The goal may be met by now (the invoice paid during a delay): checked on the records as they are.
                context = await RefreshAsync(input.OrganizationId, context, cancellationToken);
                if (StopReason(exit, context) is { } reason)
                {
                    Log.ActionDone(logger, input.ExecutionId, call.Key, step.ActionType, ActionStatus.Skipped, call.Attempt);
                    return (new ActionStopped(reason), null);
                }
            }

            if (!call.Released && gate.PausedSince is { } pausedSince)
            {
                return (await PausedAsync(input, pausedSince, cancellationToken), null);
            }

            if (step.OnlyIf is { } guard)
            {
                context = await RefreshAsync(input.OrganizationId, context, cancellationToken);
                if (!ConditionEvaluator.Evaluate(guard, context))
                {
                    var skipped = ActionOutcome.Skipped(OnlyIfNotMet(guard));
                    Log.ActionDone(logger, input.ExecutionId, call.Key, step.ActionType, skipped.Status, call.Attempt);
                    return (new ActionDone(StepStatus.Skipped, skipped.Output, skipped.Summary, null), skipped);
                }
            }

            var outcome = await handler.ExecuteAsync(
                new ActionRequest(input.ExecutionId, input.OrganizationId, call.Key, step.ActionType, step.Config, context, call.Attempt, call.ChainDepth)
                {
                    FinalAttempt = call.FinalAttempt,
                    Released = call.Released,
                },
                cancellationToken);
            Log.ActionDone(logger, input.ExecutionId, call.Key, step.ActionType, outcome.Status, call.Attempt);
            if (outcome.Status == ActionStatus.Deferred && outcome.NotBefore is { } notBefore)
            {
                return (new ActionDeferred(notBefore, outcome.Summary ?? "put off", outcome.Output), outcome);
            }

            var status = outcome.Status switch
            {
                ActionStatus.Suppressed => StepStatus.Suppressed,
                ActionStatus.Skipped => StepStatus.Skipped,
                _ => StepStatus.Completed,
            };
            return (new ActionDone(status, ContextProjection.Project(outcome.Output, step.OutputReads), outcome.Summary, outcome.SaveAs), outcome);
        }
        catch (ProviderHeldException e) when (e.Hold is { } hold)
        {
            Log.ActionHeld(logger, input.ExecutionId, call.Key, step.ActionType, hold.Provider);
            return (new ActionHeld(hold.Provider, hold.Reason, hold.HeldAt), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var permanent = e is PermanentActionException;
            Log.ActionFailed(logger, input.ExecutionId, call.Key, step.ActionType, call.Attempt, permanent, e.Message);
            return (new ActionFailed(e.Message, permanent), null);
        }
    }

    /// <summary>The step held because its automation is paused since <paramref name="since"/> (ADR 0019: it goes on when resumed).</summary>
    async Task<ActionHeld> PausedAsync(ExecuteActionInput input, DateTime since, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginReadOnlyAsync(input.OrganizationId, cancellationToken);
        var zone = await Organizations.TimeZoneAsync(transaction, input.OrganizationId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        Log.ActionHeld(logger, input.ExecutionId, input.Call.Key, input.Call.Step.ActionType, Provider.Paused.Key);
        return new ActionHeld(Provider.Paused.Key, HoldReasons.Paused(since, zone, now), now);
    }

    async Task<ExecutionLogRepository.ActionGate> GateAsync(ExecuteActionInput input, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginReadOnlyAsync(input.OrganizationId, cancellationToken);
        return await ExecutionLogRepository.GateAsync(transaction, input.ExecutionId, cancellationToken);
    }

    /// <summary>
    /// Why the execution stops, in words, when its exit conditions hold on <paramref name="context"/> (the records as they are
    /// now): the state reached ("Invoice #1042 was paid"), or the rule that held; null when it goes on.
    /// </summary>
    public static string? StopReason(StopWhen exit, JsonObject context) =>
        exit.ReachedState(context)
        ?? (exit.Rule is { } rule && ConditionEvaluator.Evaluate(rule, context) ? $"Its stop rule held: {ConditionEvaluator.Describe(rule)}" : null);

    /// <summary>Why a guarded step did not run: <c>onlyIf not met: invoice.status ne "paid"</c>.</summary>
    public static string OnlyIfNotMet(ConditionGroup guard) => $"onlyIf not met: {ConditionEvaluator.Describe(guard)}";

    /// <summary>The context with its business records read again (a record deleted since is null), long texts cut.</summary>
    public async Task<JsonObject> RefreshAsync(Guid organizationId, JsonObject given, CancellationToken cancellationToken)
    {
        var context = (JsonObject)given.DeepClone();
        await using var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken);
        foreach (var record in BusinessRecords.Tables.Keys)
        {
            if (ActionContext.RecordId(context, record) is { } id)
            {
                var loaded = await BusinessRecords.LoadAsync(transaction, record, id, cancellationToken);
                FieldLimits.Cut(loaded, record, warnings: null);
                context[record] = loaded;
            }
        }

        return context;
    }
}
