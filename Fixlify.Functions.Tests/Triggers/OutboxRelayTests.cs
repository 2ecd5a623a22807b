using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Npgsql;

namespace Fixlify.Tests.Triggers;

/// <summary>The LISTEN/NOTIFY relay into Service Bus (a Moq'd ServiceBusSender): every event once, whatever happens.</summary>
public sealed class OutboxRelayTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        _services = TriggerServices.Build(database, null, ("Listener:MaxBackoff", "00:00:01"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task EventsWrittenWhileStopped_AreAllSentExactlyOnce_AfterStart()
    {
        var organization = await FreshOrganizationAsync();
        var jobs = await WriteJobsAsync(organization, 1000);
        var bus = new RecordingBus();

        HashSet<Guid> expected;
        await using (var relay = await StartRelayAsync(bus))
        {
            expected = await RelayedEventsAsync(jobs);
        }

        var sent = bus.MessageIds.Where(expected.Contains).ToList();
        Assert.Equal(expected.Count, sent.Count);
        Assert.Equal(expected.OrderBy(i => i), sent.Distinct().OrderBy(i => i));
        var message = bus.Messages[expected.First()];
        Assert.Equal("job_created", message.Subject);
        Assert.Equal(organization.ToString(), message.ApplicationProperties["organizationId"]);
        Assert.Equal("job_created", message.ApplicationProperties["eventType"]);
        Assert.Equal(expected.First().ToString(), AutomationEvent.FromJson(message.Body.ToString()).Event!.Id.ToString());
    }

    [Fact]
    public async Task ListeningConnectionKilled_RelayReconnects_CatchesUp_AndLosesNothing()
    {
        var organization = await FreshOrganizationAsync();
        var bus = new RecordingBus();
        await using var relay = await StartRelayAsync(bus);
        var first = await RelayedEventsAsync(await WriteJobsAsync(organization, 50));

        // Events whose notification the relay never heard, as when they are written while it is away: with the
        // 10-minute poll, only the catch-up after the reconnect can find them.
        var unheard = await WriteUnnotifiedEventsAsync(organization, 30);
        Assert.Equal(unheard.Count, await UnrelayedAsync(unheard));
        Assert.True(await database.TerminateListenersAsync(OutboxRelay.Channel) >= 1, "the relay's listening connection was not found");
        await WaitUntilRelayedAsync(unheard);

        Assert.True(await database.TerminateListenersAsync(OutboxRelay.Channel) >= 1, "the relay's listening connection was not found after its reconnect");
        var second = await RelayedEventsAsync(await WriteJobsAsync(organization, 200));

        var all = first.Concat(second).Concat(unheard).ToHashSet();
        var sent = bus.MessageIds.Where(all.Contains).ToList();
        Assert.Equal(all.Count, sent.Count);
        Assert.Equal(all.Count, sent.Distinct().Count());
    }

    [Fact]
    public async Task TwoRelaysAtOnce_NeverSendTheSameEvent()
    {
        var organization = await FreshOrganizationAsync();
        var bus = new RecordingBus();
        await using var one = await StartRelayAsync(bus);
        await using var two = await StartRelayAsync(bus);

        var events = await RelayedEventsAsync(await WriteJobsAsync(organization, 600, writers: 4));

        var sent = bus.MessageIds.Where(events.Contains).ToList();
        Assert.Equal(events.Count, sent.Count);
        Assert.Equal(events.Count, sent.Distinct().Count());
    }

    [Fact]
    public async Task EventsWrittenWhileTheRelayIsSending_ArePassedOnWithoutANotification()
    {
        var organization = await FreshOrganizationAsync();
        var bus = new RecordingBus();
        await using var relay = await StartRelayAsync(bus);
        await RelayedEventsAsync(await WriteJobsAsync(organization, 1));
        await using var listener = await database.OpenAsync(database.ServiceConnectionString);
        await listener.ExecuteAsync("LISTEN automation_events");
        var notifications = 0;
        listener.Notification += (_, _) => Interlocked.Increment(ref notifications);

        // The first job wakes the idle relay; its send hangs, and the jobs written meanwhile are left to the busy relay.
        await WaitUntilRelayIdleAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bus.Gate = gate.Task;
        var first = await WriteJobsAsync(organization, 1);
        while (bus.Waiting == 0)
        {
            await Task.Delay(10);
        }

        var written = await WriteJobsAsync(organization, 40, writers: 4);
        gate.SetResult();

        // The poll is 10 minutes away: only the busy relay's own draining can have passed them on.
        var meanwhile = await RelayedEventsAsync([.. first, .. written]);
        await listener.ExecuteAsync("SELECT pg_notify('automation_events', 'end')");
        while (Volatile.Read(ref notifications) < 2 && await listener.WaitAsync(TimeSpan.FromSeconds(10)))
        {
        }

        Assert.Equal(first.Count + 40, meanwhile.Count);
        Assert.Equal(meanwhile.Count, bus.MessageIds.Count(meanwhile.Contains));
        Assert.Equal(2, notifications); // the first job's and the end marker
    }

    [Fact]
    public async Task SendFailure_LeavesEventsUnrelayed_ForTheNextTry()
    {
        var organization = await FreshOrganizationAsync();
        var jobs = await WriteJobsAsync(organization, 30);
        var bus = new RecordingBus { FailuresLeft = 1 };
        var relay = new OutboxRelay(
            _services.GetRequiredService<ServiceDatabase>(),
            _services.GetRequiredService<PostgresListener>(),
            new ServiceBusEventPublisher(bus.Sender),
            Options.Create(new RelayOptions()),
            NullLogger<OutboxRelay>.Instance);

        // The failed send rolls back the batch: its changes wait, not yet events, for the next try.
        Assert.Equal(0, await relay.DrainAsync(CancellationToken.None));
        Assert.Equal((jobs.Count, 0), await ChangesAndEventsOfAsync(jobs));

        Assert.True(await relay.DrainAsync(CancellationToken.None) >= jobs.Count);
        var events = await RelayedEventsAsync(jobs);
        Assert.Equal(jobs.Count, events.Count);
        Assert.Equal(0, await UnrelayedAsync(events));
        Assert.Equal(events.Count, bus.MessageIds.Count(events.Contains));
    }

    /// <summary>A Moq'd sender that keeps what it was asked to send (and can fail the first sends).</summary>
    sealed class RecordingBus
    {
        readonly ConcurrentDictionary<ServiceBusMessageBatch, List<ServiceBusMessage>> _batches = new();

        public RecordingBus()
        {
            var sender = new Mock<ServiceBusSender>();
            sender.Setup(s => s.CreateMessageBatchAsync(It.IsAny<CancellationToken>())).Returns(() =>
            {
                var store = new List<ServiceBusMessage>();
                var batch = ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, store, tryAddCallback: _ => store.Count < 100);
                _batches[batch] = store;
                return ValueTask.FromResult(batch);
            });
            sender.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>())).Returns(async (ServiceBusMessageBatch batch, CancellationToken _) =>
            {
                Interlocked.Increment(ref _waiting);
                await Gate;
                Interlocked.Decrement(ref _waiting);
                if (Interlocked.Decrement(ref _failuresLeft) >= 0)
                {
                    throw new ServiceBusException("the namespace is busy", ServiceBusFailureReason.ServiceBusy);
                }

                foreach (var message in _batches[batch])
                {
                    MessageIds.Add(Guid.Parse(message.MessageId));
                    Messages[Guid.Parse(message.MessageId)] = message;
                }
            });
            Sender = sender.Object;
        }

        int _failuresLeft;
        int _waiting;

        /// <summary>Sends wait for it (a send that hangs); completed unless a test sets it.</summary>
        public Task Gate { get; set; } = Task.CompletedTask;

        /// <summary>How many sends are waiting for <see cref="Gate"/>.</summary>
        public int Waiting => Volatile.Read(ref _waiting);

        public int FailuresLeft
        {
            get => _failuresLeft;
            set => _failuresLeft = value;
        }

        public ServiceBusSender Sender { get; }

        public ConcurrentBag<Guid> MessageIds { get; } = [];

        public ConcurrentDictionary<Guid, ServiceBusMessage> Messages { get; } = new();
    }

    sealed class RunningRelay(OutboxRelay relay) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await relay.StopAsync(CancellationToken.None);
            relay.Dispose();
        }
    }

    /// <summary>How long <see cref="WaitUntilRelayedAsync"/> waits for the events to be relayed.</summary>
    static readonly TimeSpan RelayDeadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Starts a relay whose slow poll (10 minutes) never comes within <see cref="RelayDeadline"/>: whatever the tests see
    /// relayed came from the drain on (re)connect or from a notification, not from the poll covering for them.
    /// </summary>
    async Task<RunningRelay> StartRelayAsync(RecordingBus bus)
    {
        var relay = new OutboxRelay(
            _services.GetRequiredService<ServiceDatabase>(),
            _services.GetRequiredService<PostgresListener>(),
            new ServiceBusEventPublisher(bus.Sender),
            Options.Create(new RelayOptions { BatchSize = 50, PollInterval = TimeSpan.FromMinutes(10) }),
            NullLogger<OutboxRelay>.Instance);
        await relay.StartAsync(CancellationToken.None);
        return new RunningRelay(relay);
    }

    async Task<Guid> FreshOrganizationAsync()
    {
        await using var connection = await database.OpenAsync();
        return await TestData.OrganizationAsync(connection);
    }

    /// <summary>Inserts jobs (each a captured change, a job_created event once a relay takes it) from several connections at once; returns the jobs' ids.</summary>
    async Task<HashSet<Guid>> WriteJobsAsync(Guid organization, int count, int writers = 1)
    {
        var jobs = new ConcurrentBag<Guid>();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            await using var connection = await database.OpenAsync();
            for (var i = w; i < count; i += writers)
            {
                jobs.Add(await connection.ExecuteScalarAsync<Guid>("INSERT INTO jobs (organization_id, title) VALUES (@organization, 'relay ' || @i) RETURNING id", new { organization, i }));
            }
        }));
        return [.. jobs];
    }

    /// <summary>How many of the jobs' changes still wait for a relay, and how many of their events exist.</summary>
    async Task<(int Changes, int Events)> ChangesAndEventsOfAsync(HashSet<Guid> jobs)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleAsync<(int, int)>(
            """
            SELECT (SELECT count(*)::int FROM automation_changes WHERE entity_id = ANY(@ids)),
                   (SELECT count(*)::int FROM automation_events WHERE entity_id = ANY(@ids))
            """,
            new { ids = jobs.ToArray() });
    }

    /// <summary>Waits until a relay turned each job's change into its job_created event and relayed it; returns the events' ids.</summary>
    async Task<HashSet<Guid>> RelayedEventsAsync(HashSet<Guid> jobs)
    {
        var deadline = DateTimeOffset.UtcNow + RelayDeadline;
        while (await ChangesAndEventsOfAsync(jobs) is var (changes, events) && (changes > 0 || events < jobs.Count))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{changes} change(s) still waiting for a relay, {events} event(s) of {jobs.Count} jobs");
            await Task.Delay(100);
        }

        await using var connection = await database.OpenAsync();
        HashSet<Guid> ids = [.. await connection.QueryAsync<Guid>(
            "SELECT id FROM automation_events WHERE entity_id = ANY(@ids) AND event_type = 'job_created'", new { ids = jobs.ToArray() })];
        await WaitUntilRelayedAsync(ids);
        return ids;
    }

    /// <summary>Until a relay waits idle for notifications (it holds the advisory lock (1001, 1), see Migrations/0010).</summary>
    async Task WaitUntilRelayIdleAsync()
    {
        await using var connection = await database.OpenAsync();
        var deadline = DateTimeOffset.UtcNow + RelayDeadline;
        while (await connection.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM pg_locks
             WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND classid = 1001 AND objid = 1 AND granted
            """) == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the relay never went idle");
            await Task.Delay(10);
        }
    }

    /// <summary>Outbox rows written as the capture trigger writes them, but without their NOTIFY; returns their ids.</summary>
    async Task<HashSet<Guid>> WriteUnnotifiedEventsAsync(Guid organization, int count)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<Guid>(
            """
            INSERT INTO automation_events (organization_id, event_type, entity_type, entity_id, payload)
            SELECT @organization, 'job_created', 'job', gen_random_uuid(), '{}' FROM generate_series(1, @count)
            RETURNING id
            """,
            new { organization, count })];
    }

    async Task<int> UnrelayedAsync(IReadOnlySet<Guid> events)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_events WHERE id = ANY(@ids) AND relayed_at IS NULL", new { ids = events.ToArray() });
    }

    async Task WaitUntilRelayedAsync(IReadOnlySet<Guid> events)
    {
        var deadline = DateTimeOffset.UtcNow + RelayDeadline;
        while (await UnrelayedAsync(events) > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{await UnrelayedAsync(events)} event(s) still unrelayed");
            await Task.Delay(100);
        }
    }
}
