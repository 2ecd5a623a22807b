using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Triggers;

/// <summary>
/// One run of the scheduler (every minute by default, on both hosts): (a) drain Service Bus, (b) take events the push
/// path missed straight from the outbox, (c) fire time triggers, (d) re-start executions stuck in pending, (e) roll
/// metrics up, prune what is no longer read (expired waits, Idempotency-Keys after a day, inbound message ids after 30
/// days) and what has aged out (<see cref="DataRetention"/>), and measure the outbox and the waits for the gauges. Each part runs even when
/// another fails.
/// </summary>
internal sealed class SchedulerTick(
    ServiceDatabase database,
    EventDispatcher dispatcher,
    TimeTriggers timeTriggers,
    MetricsRollup metrics,
    ExecutionWatchdog watchdog,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<SchedulerTick> logger,
    ServiceBusDrain? drain = null,
    DataRetention? retention = null)
{
    /// <param name="Failed">Executions the watchdog failed: their orchestration had failed, been terminated or vanished.</param>
    internal sealed record Report(int Drained, int Leftovers, int Fired, int Restarted, int MetricHours, int Failed = 0);

    public async Task<Report> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var drained = drain is null ? 0 : await PartAsync("service bus", () => drain.DrainAsync(client, settings.DrainBudget, cancellationToken));
        var now = clock.GetUtcNow();
        var fired = await PartAsync("time triggers", () => timeTriggers.FireAsync(now, cancellationToken));

        // Without Service Bus (no drain registered) every unprocessed event is ours (the relay may have dispatched it already: that is harmless).
        var before = drain is not null ? now - settings.LeftoverAge : now;
        var leftovers = await PartAsync("outbox", () => DispatchLeftoversAsync(client, before, cancellationToken));
        var restarted = await PartAsync("stuck executions", () => RestartStuckAsync(client, now - settings.StuckPendingAfter, cancellationToken));
        var failed = await PartAsync("watchdog", () => watchdog.CheckAsync(client, now - settings.WatchdogAfter, now - settings.WatchdogLostAfter, cancellationToken));
        var hours = await PartAsync("metrics", () => metrics.RollUpAsync(now, TimeSpan.FromHours(2), cancellationToken));
        await PartAsync("idempotency keys", () => PruneKeysAsync(now - IdempotencyKeys.Lifetime, cancellationToken));
        await PartAsync("expired waits", () => PurgeWaitsAsync(now - TimeSpan.FromHours(1), cancellationToken));
        await PartAsync("inbound message ids", () => PurgeInboundMessagesAsync(now - (retention?.InboundMessageIds ?? InboundMessages.Lifetime), cancellationToken));
        await PartAsync("retention", () => retention?.RunAsync(client, now, cancellationToken) ?? Task.FromResult(0));
        await PartAsync("health figures", () => ObserveAsync(cancellationToken));
        Log.Tick(logger, drained, leftovers, fired, restarted, hours, failed);
        return new Report(drained, leftovers, fired, restarted, hours, failed);
    }

    async Task<int> DispatchLeftoversAsync(DurableTaskClient client, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var transaction = await database.BeginAsync(cancellationToken);
            // Changes no relay took yet (none runs on the Functions host without Service Bus) become their events first.
            var expanded = await EventOutbox.ExpandChangesAsync(transaction, options.Value.BatchSize, announce: true, cancellationToken);
            var events = await EventOutbox.ClaimUnprocessedAsync(transaction, options.Value.BatchSize, before, cancellationToken);
            if (events.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                if (expanded < options.Value.BatchSize)
                {
                    return total;
                }

                continue;
            }

            // A failing batch stays unprocessed for the next tick.
            await dispatcher.DispatchAsync(client, events, cancellationToken);
            var done = events.Select(e => e.Id).ToList();
            await EventOutbox.MarkProcessedAsync(transaction, done, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            total += done.Count;
            if ((events.Count < options.Value.BatchSize && expanded < options.Value.BatchSize) || done.Count == 0)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// Schedules again the orchestrations of executions pending for longer than <see cref="SchedulerOptions.StuckPendingAfter"/>
    /// (a failed scheduling, a crash before it): run by the tick and, more often, on <see cref="SchedulerOptions.RecoverySchedule"/>.
    /// </summary>
    public Task<int> RestartStuckAsync(DurableTaskClient client, CancellationToken cancellationToken) =>
        RestartStuckAsync(client, clock.GetUtcNow() - options.Value.StuckPendingAfter, cancellationToken);

    async Task<int> RestartStuckAsync(DurableTaskClient client, DateTimeOffset pendingSince, CancellationToken cancellationToken)
    {
        List<(Guid Id, Guid OrganizationId)> stuck;
        await using (var transaction = await database.BeginAsync(cancellationToken))
        {
            stuck = await ExecutionLogRepository.PendingSinceAsync(transaction, pendingSince, 100, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var scheduled = 0;
        foreach (var (id, organization) in stuck)
        {
            // An instance the task hub already has (queued in a burst, or running) is in hand: scheduling it again could
            // start it twice. Only one it does not know (its scheduling failed, or the process died before) is scheduled.
            if (await client.GetInstanceAsync(id.ToString(), getInputsAndOutputs: false, cancellationToken) is null)
            {
                await ExecutionStarter.ScheduleAsync(client, id, organization, cancellationToken);
                scheduled++;
            }
        }

        return scheduled;
    }

    /// <summary>The outbox's oldest waiting event and the open waits, for the gauges until the next tick.</summary>
    async Task<int> ObserveAsync(CancellationToken cancellationToken)
    {
        var (oldest, waits) = await RetentionPurge.HealthFiguresAsync(database, cancellationToken);
        Fixlify.Telemetry.AutomationMetrics.Observe(oldest, waits);
        return 0;
    }

    /// <summary>Idempotency-Keys are honoured for a day; older ones are deleted.</summary>
    async Task<int> PruneKeysAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var pruned = await IdempotencyKeys.PruneAsync(transaction, before, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return pruned;
    }

    /// <summary>
    /// Waits that timed out (or whose execution ended) an hour ago are no longer looked at: they are deleted, and so are the
    /// kept replies past their time.
    /// </summary>
    async Task<int> PurgeWaitsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var purged = await ExecutionWaits.PurgeAsync(transaction, before, cancellationToken);
        purged += await ExecutionWaits.PurgeKeptRepliesAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return purged;
    }

    /// <summary>Inbound message ids handled more than 30 days ago are forgotten (no provider retries that late).</summary>
    async Task<int> PurgeInboundMessagesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var purged = await InboundMessages.PurgeAsync(transaction, before, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return purged;
    }

    async Task<int> PartAsync(string part, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.TickPartFailed(logger, e, part);
            return 0;
        }
    }
}
