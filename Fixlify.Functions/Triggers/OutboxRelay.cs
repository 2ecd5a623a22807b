using Fixlify.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Triggers;

/// <summary>
/// Passes events on as soon as they commit: hears <c>automation_events</c> through a <see cref="PostgresListener"/>
/// (which reconnects with a capped backoff), and drains the outbox after every (re)connect, on every notification and
/// on a slow poll. A drain claims unrelayed events in batches (FOR UPDATE SKIP LOCKED, so two relays never take the same
/// one), publishes them, and marks them in the claiming transaction only after publishing succeeded.
/// </summary>
public sealed class OutboxRelay(ServiceDatabase database, PostgresListener listener, IEventPublisher publisher, IOptions<RelayOptions> options, ILogger<OutboxRelay> logger) : BackgroundService
{
    public const string Channel = "automation_events";

    readonly RelayOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.RelayStarting(logger, publisher.Dispatches ? "dispatching directly" : "to Service Bus");
        return listener.ListenAsync(Channel, DrainAsync, (_, cancellationToken) => DrainAsync(cancellationToken), _options.PollInterval, stoppingToken);
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
