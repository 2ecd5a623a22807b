using System.Threading.Channels;
using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Tests.Data;

/// <summary>The one LISTEN loop, on a channel of its own in the class's database.</summary>
public sealed class PostgresListenerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncDisposable
{
    const string Channel = "listener_test";

    readonly ServiceDatabase _service = new(Options.Create(new PostgresOptions { ServiceConnectionString = database.ServiceConnectionString }));

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task ListenAsync_Connected_CatchesUpFirst_ThenHandsOverNotifications()
    {
        await using var listening = Listen();

        Assert.Equal("catch-up", await listening.NextAsync());
        await NotifyAsync("first");
        Assert.Equal("notified first", await listening.NextAsync());
        await NotifyAsync("second");
        Assert.Equal("notified second", await listening.NextAsync());
    }

    [Fact]
    public async Task ListenAsync_ConnectionKilled_ReconnectsCatchesUpAndHearsAgain()
    {
        await using var listening = Listen();
        Assert.Equal("catch-up", await listening.NextAsync());

        Assert.True(await database.TerminateListenersAsync(Channel) >= 1, "the listening connection was not found");

        Assert.Equal("catch-up", await listening.NextAsync());
        await NotifyAsync("after");
        Assert.Equal("notified after", await listening.NextAsync());
    }

    [Fact]
    public async Task ListenAsync_CatchUpFails_ReconnectsAndTriesAgain()
    {
        var failures = 2;
        await using var listening = Listen(catchUp: () =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                throw new InvalidOperationException("the outbox could not be read");
            }
        });

        Assert.Equal("catch-up", await listening.NextAsync());
        Assert.Equal("catch-up", await listening.NextAsync());
        Assert.Equal("catch-up", await listening.NextAsync());
        await NotifyAsync("recovered");
        Assert.Equal("notified recovered", await listening.NextAsync());
        Assert.Equal(-1, failures);
    }

    [Fact]
    public async Task ListenAsync_QuietForThePollInterval_CatchesUpAgain()
    {
        await using var listening = Listen(pollInterval: TimeSpan.FromMilliseconds(100));

        Assert.Equal("catch-up", await listening.NextAsync());
        Assert.Equal("catch-up", await listening.NextAsync());
        Assert.Equal("catch-up", await listening.NextAsync());
    }

    [Fact]
    public async Task ListenAsync_CallbackRunsAStatementThatNotifies_HandsTheNotificationOverAtOnce()
    {
        // A notification that comes in while a callback runs a statement on the listening connection is read by that
        // statement, not by a wait: with no poll interval, only the listener's own hand-over can deliver it.
        var first = 1;
        await using var listening = Listen(onListeningConnection: async connection =>
        {
            if (Interlocked.Exchange(ref first, 0) == 1)
            {
                await connection.ExecuteAsync("SELECT pg_notify(@channel, 'during the catch-up')", new { channel = Channel });
            }
        });

        Assert.Equal("catch-up", await listening.NextAsync());
        Assert.Equal("notified during the catch-up", await listening.NextAsync());
    }

    [Fact]
    public async Task ListenAsync_Stopped_SessionStateOfTheListeningConnectionEndsWithIt()
    {
        var key = Random.Shared.Next();
        var listening = Listen(onListeningConnection: connection => connection.ExecuteAsync("SELECT pg_advisory_lock(4242, @key)", new { key }));
        Assert.Equal("catch-up", await listening.NextAsync());
        Assert.Equal(1, await AdvisoryLocksHeldAsync(key));

        await listening.DisposeAsync();

        // Not kept by a connection idling in a pool: the session ends (the server takes a moment to see it go), and its
        // lock and LISTEN with it.
        await using var connection = await database.OpenAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", new { name = PostgresListener.ApplicationName(Channel) }) > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the listening session outlived the listener");
            await Task.Delay(50);
        }

        Assert.Equal(0, await AdvisoryLocksHeldAsync(key));
    }

    [Theory]
    [InlineData("automation events")]
    [InlineData("events; DROP TABLE jobs")]
    [InlineData("Events")]
    [InlineData("")]
    public async Task ListenAsync_ChannelNotAPlainIdentifier_ThrowsArgumentException(string channel)
    {
        var listener = new PostgresListener(_service, Options.Create(new PostgresListenerOptions()), NullLogger<PostgresListener>.Instance);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            listener.ListenAsync(channel, _ => Task.CompletedTask, (_, _) => Task.CompletedTask, null, CancellationToken.None));
    }

    Listening Listen(Action? catchUp = null, TimeSpan? pollInterval = null, Func<NpgsqlConnection, Task>? onListeningConnection = null)
    {
        var listener = new PostgresListener(_service, Options.Create(new PostgresListenerOptions { MaxBackoff = TimeSpan.FromSeconds(1) }), NullLogger<PostgresListener>.Instance);
        return new Listening(listener, catchUp, pollInterval, onListeningConnection);
    }

    async Task<int> AdvisoryLocksHeldAsync(int key)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 4242 AND objid = @key AND granted", new { key });
    }

    async Task NotifyAsync(string payload)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("SELECT pg_notify(@channel, @payload)", new { channel = Channel, payload });
    }

    /// <summary>
    /// A running listener that writes down each callback ("catch-up", "notified a b") in order; with
    /// <c>onListeningConnection</c>, through the overload that hands the callbacks the listening connection, and the
    /// catch-up runs it there.
    /// </summary>
    sealed class Listening : IAsyncDisposable
    {
        readonly Channel<string> _calls = System.Threading.Channels.Channel.CreateUnbounded<string>();
        readonly CancellationTokenSource _stop = new();
        readonly Task _running;

        public Listening(PostgresListener listener, Action? catchUp, TimeSpan? pollInterval, Func<NpgsqlConnection, Task>? onListeningConnection) =>
            _running = onListeningConnection is null
                ? listener.ListenAsync(Channel, _ => CatchUpAsync(catchUp), NotifiedAsync, pollInterval, _stop.Token)
                : listener.ListenAsync(
                    Channel,
                    async (connection, _) =>
                    {
                        await CatchUpAsync(catchUp);
                        await onListeningConnection(connection);
                    },
                    (_, payloads, token) => NotifiedAsync(payloads, token),
                    pollInterval,
                    _stop.Token);

        Task CatchUpAsync(Action? catchUp)
        {
            _calls.Writer.TryWrite("catch-up");
            catchUp?.Invoke();
            return Task.CompletedTask;
        }

        Task NotifiedAsync(IReadOnlyList<string> payloads, CancellationToken cancellationToken)
        {
            _calls.Writer.TryWrite("notified " + string.Join(' ', payloads));
            return Task.CompletedTask;
        }

        /// <summary>The next callback made, or a failure after 30 s.</summary>
        public async Task<string> NextAsync()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await _calls.Reader.ReadAsync(deadline.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running;
            _stop.Dispose();
        }
    }
}
