using System.Collections.Concurrent;
using System.Threading.Channels;
using Fixlify.Data;
using Microsoft.Extensions.Hosting;

namespace Fixlify.Api;

/// <summary>
/// One LISTEN connection per process on <c>automation_execution_updates</c> (a <see cref="PostgresListener"/>); each
/// live stream subscribes for its organization and is woken when an update of that organization is recorded, and every
/// stream is woken after the listener (re)connects. Streams read the updates themselves
/// (under row-level security): the hub only says "something new".
/// </summary>
public sealed class ExecutionUpdateHub(PostgresListener listener) : BackgroundService
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

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        listener.ListenAsync(Channel, CatchUpAsync, NotifiedAsync, pollInterval: null, stoppingToken);

    /// <summary>Wakes up every stream after a (re)connect: updates may have been recorded while nobody listened.</summary>
    Task CatchUpAsync(CancellationToken cancellationToken)
    {
        foreach (var signal in _subscribers.Values.SelectMany(s => s.Keys))
        {
            signal.Writer.TryWrite(true);
        }

        return Task.CompletedTask;
    }

    Task NotifiedAsync(IReadOnlyList<string> payloads, CancellationToken cancellationToken)
    {
        foreach (var payload in payloads)
        {
            Wake(payload);
        }

        return Task.CompletedTask;
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
