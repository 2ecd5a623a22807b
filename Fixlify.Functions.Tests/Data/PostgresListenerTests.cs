using System.Threading.Channels;
using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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

    Listening Listen(Action? catchUp = null, TimeSpan? pollInterval = null)
    {
        var listener = new PostgresListener(_service, Options.Create(new PostgresListenerOptions { MaxBackoff = TimeSpan.FromSeconds(1) }), NullLogger<PostgresListener>.Instance);
        return new Listening(listener, catchUp, pollInterval);
    }

    async Task NotifyAsync(string payload)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("SELECT pg_notify(@channel, @payload)", new { channel = Channel, payload });
    }

    /// <summary>A running listener that writes down each callback ("catch-up", "notified a b") in order.</summary>
    sealed class Listening : IAsyncDisposable
    {
        readonly Channel<string> _calls = System.Threading.Channels.Channel.CreateUnbounded<string>();
        readonly CancellationTokenSource _stop = new();
        readonly Task _running;

        public Listening(PostgresListener listener, Action? catchUp, TimeSpan? pollInterval) =>
            _running = listener.ListenAsync(
                Channel,
                _ =>
                {
                    _calls.Writer.TryWrite("catch-up");
                    catchUp?.Invoke();
                    return Task.CompletedTask;
                },
                (payloads, _) =>
                {
                    _calls.Writer.TryWrite("notified " + string.Join(' ', payloads));
                    return Task.CompletedTask;
                },
                pollInterval,
                _stop.Token);

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
