using System.Collections.Concurrent;
using System.Threading.Channels;
using Fixlify.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fixlify.Api;

/// <summary>
/// One LISTEN connection per process on <c>automation_execution_updates</c>; each live stream subscribes for its
/// organization and is woken when an update of that organization is recorded. Streams read the updates themselves
/// (under row-level security): the hub only says "something new".
/// </summary>
public sealed class ExecutionUpdateHub(ServiceDatabase database, ILogger<ExecutionUpdateHub> logger) : BackgroundService
{
    public const string Channel = ExecutionUpdateNotifier.Channel;

    readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<bool>, byte>> _subscribers = new();

    /// <summary>A wake-up signal for <paramref name="organizationId"/>'s updates; dispose it when the stream ends.</summary>
    public Subscription Subscribe(Guid organizationId)
    {
        var signal = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        _subscribers.GetOrAdd(organizationId, _ => new())[signal] = 0;
        return new Subscription(signal.Reader, () =>
        {
            if (_subscribers.TryGetValue(organizationId, out var set))
            {
                set.TryRemove(signal, out _);
            }
        });
    }

    /// <summary>Wakes up every stream after a reconnect: updates may have been recorded while the hub was away.</summary>
    void WakeAll()
    {
        foreach (var signal in _subscribers.Values.SelectMany(s => s.Keys))
        {
            signal.Writer.TryWrite(true);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Wake(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                backoff = TimeSpan.FromMilliseconds(250);
                WakeAll();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.HubReconnecting(logger, e, backoff);
                try
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>A notification names the organizations whose executions changed (<see cref="ExecutionUpdateNotifier"/>), comma-separated.</summary>
    void Wake(string payload)
    {
        foreach (var id in payload.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Guid.TryParse(id, out var organization) && _subscribers.TryGetValue(organization, out var set))
            {
                foreach (var signal in set.Keys)
                {
                    signal.Writer.TryWrite(true);
                }
            }
        }
    }

    /// <summary>A stream's wake-up signal.</summary>
    public sealed class Subscription(ChannelReader<bool> reader, Action unsubscribe) : IDisposable
    {
        /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            try
            {
                return await reader.ReadAsync(timer.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        public void Dispose() => unsubscribe();
    }
}
