using Fixlify.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Triggers;

/// <summary>
/// LISTENs on <c>automation_events</c> and passes events on as soon as they commit: wakes on a notification and on a
/// slow poll, claims unrelayed events in batches (FOR UPDATE SKIP LOCKED, so two relays never take the same one),
/// publishes them, and marks them in the claiming transaction only after publishing succeeded. It reconnects with a
/// capped backoff and re-reads the outbox after every (re)connect, since notifications sent while it was away are lost.
/// Writers notify only while a relay waits idle (Migrations/0010_statement_capture.sql): once woken, the relay drains
/// every <see cref="BusyPollInterval"/> until no writer that left its events to it is still open, drains once more,
/// and only then waits for a notification again.
/// </summary>
public sealed class OutboxRelay(ServiceDatabase database, IEventPublisher publisher, IOptions<RelayOptions> options, ILogger<OutboxRelay> logger) : BackgroundService
{
    public const string Channel = "automation_events";

    /// <summary>How often a woken relay drains while writers are still counting on it (they do not notify meanwhile).</summary>
    internal static readonly TimeSpan BusyPollInterval = TimeSpan.FromMilliseconds(20);

    readonly RelayOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // The idle lock lives on a connection of its own: the listening one runs nothing but LISTEN and waits,
                // so no notification is read (and missed) while a statement runs on it.
                await using var idleLock = await database.OpenAsync(stoppingToken);
                Log.RelayListening(logger, publisher.Dispatches ? "dispatching directly" : "to Service Bus");
                backoff = TimeSpan.FromMilliseconds(250);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await DrainUntilIdleAsync(idleLock, stoppingToken);
                    await connection.WaitAsync(_options.PollInterval, stoppingToken);
                    await RunAsync(idleLock, "SELECT fixlify_relay_busy()", stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The relay must outlive any failure: wait, reconnect, and read the outbox again.
                Log.RelayReconnecting(logger, e, backoff);
                try
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>
    /// Drains the outbox until the relay can go idle: when no writer that skipped its notification (because this relay
    /// was draining) is still open. Then drains once more, for what those writers committed before it went idle.
    /// </summary>
    async Task DrainUntilIdleAsync(NpgsqlConnection idleLock, CancellationToken cancellationToken)
    {
        while (true)
        {
            await DrainAsync(cancellationToken);
            if (await RunAsync(idleLock, "SELECT fixlify_relay_try_idle()", cancellationToken))
            {
                await DrainAsync(cancellationToken);
                return;
            }

            await Task.Delay(BusyPollInterval, cancellationToken);
        }
    }

    static async Task<bool> RunAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Passes on everything waiting in the outbox, batch by batch. Public for the scheduler's and tests' use.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var transaction = await database.BeginAsync(cancellationToken);
            var events = publisher.Dispatches
                ? await EventOutbox.ClaimUnprocessedAsync(transaction, _options.BatchSize, DateTimeOffset.MaxValue, cancellationToken)
                : await EventOutbox.ClaimUnrelayedAsync(transaction, _options.BatchSize, cancellationToken);
            if (events.Count == 0)
            {
                return total;
            }

            try
            {
                await publisher.PublishAsync(events, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not NpgsqlException)
            {
                // Nothing is marked: the claim is rolled back and the events wait for the next wake-up or poll.
                Log.RelayPublishFailed(logger, e, events.Count);
                return total;
            }

            var ids = events.Select(e => e.Id).ToList();
            if (publisher.Dispatches)
            {
                await EventOutbox.MarkProcessedAsync(transaction, ids, cancellationToken);
            }
            else
            {
                await EventOutbox.MarkRelayedAsync(transaction, ids, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            total += events.Count;
            Log.Relayed(logger, events.Count);
            if (events.Count < _options.BatchSize)
            {
                return total;
            }
        }
    }
}
