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
/// one), publishes them, and marks them in the claiming transaction only after publishing succeeded. Each batch's
/// transaction first turns captured changes into their events (<see cref="EventOutbox.ExpandChangesAsync"/>), so a
/// change becomes its events and they are passed on in the same commit.
/// Writers notify only while a relay waits idle (Migrations/0010_statement_capture.sql): the relay holds its idle lock
/// on the listening connection, so the lock ends with the listening. Woken, it drains every
/// <see cref="BusyPollInterval"/> until no writer that left its events to it is still open, drains once more, and only
/// then waits idle again.
/// </summary>
internal sealed class OutboxRelay(ServiceDatabase database, PostgresListener listener, IEventPublisher publisher, IOptions<RelayOptions> options, ILogger<OutboxRelay> logger) : BackgroundService
{
    public const string Channel = "automation_events";

    /// <summary>How often a woken relay drains while writers are still counting on it (they do not notify meanwhile).</summary>
    internal static readonly TimeSpan BusyPollInterval = TimeSpan.FromMilliseconds(20);

    readonly RelayOptions _options = options.Value;

    /// <summary>The listening connection on which this relay holds the idle lock, if it does; only the listener's callbacks touch it, one at a time.</summary>
    NpgsqlConnection? _idleOn;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.RelayStarting(logger, publisher.Dispatches ? "dispatching directly" : "to Service Bus");
        return listener.ListenAsync(
            Channel,
            DrainUntilIdleAsync,
            (listening, _, cancellationToken) => DrainUntilIdleAsync(listening, cancellationToken),
            _options.PollInterval,
            stoppingToken);
    }

    /// <summary>
    /// Woken (by a notification, a (re)connect or the poll): stops waiting idle, so writers leave their events to this
    /// relay without notifying, and drains until it can go idle again — when no writer holds the writers' lock, that
    /// is, every writer that skipped its notification has committed. Then drains once more, for what they committed.
    /// </summary>
    async Task DrainUntilIdleAsync(NpgsqlConnection listening, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(_idleOn, listening))
        {
            await QueryBoolAsync(listening, "SELECT fixlify_relay_busy()", cancellationToken);
        }

        _idleOn = null;
        while (true)
        {
            await DrainAsync(cancellationToken);
            if (await QueryBoolAsync(listening, "SELECT fixlify_relay_try_idle()", cancellationToken))
            {
                _idleOn = listening;
                await DrainAsync(cancellationToken);
                return;
            }

            await Task.Delay(BusyPollInterval, cancellationToken);
        }
    }

    static async Task<bool> QueryBoolAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
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
            var expanded = await EventOutbox.ExpandChangesAsync(transaction, _options.BatchSize, announce: false, cancellationToken);
            var events = publisher.Dispatches
                ? await EventOutbox.ClaimUnprocessedAsync(transaction, _options.BatchSize, DateTimeOffset.MaxValue, cancellationToken)
                : await EventOutbox.ClaimUnrelayedAsync(transaction, _options.BatchSize, cancellationToken);
            if (events.Count == 0)
            {
                // Changes that meant nothing (an invoice back to draft) are gone once this commits.
                if (expanded == 0)
                {
                    return total;
                }

                await transaction.CommitAsync(cancellationToken);
                continue;
            }

            using var spans = RelaySpans.Start(events, publisher.Dispatches, DateTimeOffset.UtcNow);
            try
            {
                await publisher.PublishAsync(spans.Events, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not NpgsqlException)
            {
                // Nothing is marked: the claim is rolled back and the events wait for the next wake-up or poll.
                spans.Failed(e);
                Log.RelayPublishFailed(logger, e, events.Count);
                return total;
            }

            await EventTraces.RecordAsync(transaction, spans.Started, cancellationToken);

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
            if (events.Count < _options.BatchSize && expanded < _options.BatchSize)
            {
                return total;
            }
        }
    }
}
