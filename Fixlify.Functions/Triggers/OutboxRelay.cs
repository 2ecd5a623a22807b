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
/// </summary>
public sealed class OutboxRelay(ServiceDatabase database, IEventPublisher publisher, IOptions<RelayOptions> options, ILogger<OutboxRelay> logger) : BackgroundService
{
    public const string Channel = "automation_events";

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

                Log.RelayListening(logger, publisher.Dispatches ? "dispatching directly" : "to Service Bus");
                backoff = TimeSpan.FromMilliseconds(250);
                await DrainAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(_options.PollInterval, stoppingToken);
                    await DrainAsync(stoppingToken);
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
