using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Fixlify.Data;
using Microsoft.Extensions.Hosting;

namespace Fixlify.Api;

/// <summary>
/// One LISTEN connection per process on <c>automation_execution_updates</c> (a <see cref="PostgresListener"/>); each
/// live stream subscribes for its organization and is woken when an update of that organization is recorded, and every
/// stream is woken after the listener (re)connects. Streams read the updates themselves
/// (under row-level security): the hub only says "something new". A notification that is a JSON object is a task's
/// progress (<see cref="ExecutionUpdateNotifier.Progress"/>): the hub hands its <c>progress</c> to the organization's
/// streams as it is (nothing keeps it: a stream that was not listening never sees it).
/// </summary>
internal sealed class ExecutionUpdateHub(PostgresListener listener) : BackgroundService
{
    public const string Channel = ExecutionUpdateNotifier.Channel;

    /// <summary>The most progress reports a stream holds unread; older ones are dropped.</summary>
    const int ProgressBacklog = 16;

    readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _subscribers = new();

    /// <summary>A wake-up signal for <paramref name="organizationId"/>'s updates; dispose it when the stream ends.</summary>
    public Subscription Subscribe(Guid organizationId)
    {
        Subscription? subscription = null;
        subscription = new Subscription(() =>
        {
            if (_subscribers.TryGetValue(organizationId, out var set))
            {
                set.TryRemove(subscription!, out _);
            }
        });
        _subscribers.GetOrAdd(organizationId, _ => new())[subscription] = 0;
        return subscription;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        listener.ListenAsync(Channel, CatchUpAsync, NotifiedAsync, pollInterval: null, stoppingToken);

    /// <summary>Wakes up every stream after a (re)connect: updates may have been recorded while nobody listened.</summary>
    Task CatchUpAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscribers.Values.SelectMany(s => s.Keys))
        {
            subscription.Wake();
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
        if (payload.StartsWith('{'))
        {
            Report(payload);
            return;
        }

        foreach (var id in payload.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Guid.TryParse(id, out var organization) && _subscribers.TryGetValue(organization, out var set))
            {
                foreach (var subscription in set.Keys)
                {
                    subscription.Wake();
                }
            }
        }
    }

    void Report(string payload)
    {
        JsonObject? report;
        try
        {
            report = JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException)
        {
            return;
        }

        if (Guid.TryParse(report?["organizationId"]?.ToString(), out var organization) && report!["progress"] is JsonObject progress
            && _subscribers.TryGetValue(organization, out var set))
        {
            var json = progress.ToJsonString();
            foreach (var subscription in set.Keys)
            {
                subscription.Report(json);
            }
        }
    }

    /// <summary>A stream's wake-up signal, and the progress reports it has not read yet.</summary>
    internal sealed class Subscription(Action unsubscribe) : IDisposable
    {
        readonly Channel<bool> _signal = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        readonly ConcurrentQueue<string> _progress = new();

        internal void Wake() => _signal.Writer.TryWrite(true);

        internal void Report(string progress)
        {
            _progress.Enqueue(progress);
            while (_progress.Count > ProgressBacklog && _progress.TryDequeue(out _))
            {
            }

            Wake();
        }

        /// <summary>The progress reports (JSON objects) that came since the last call, oldest first.</summary>
        public IReadOnlyList<string> TakeProgress()
        {
            var taken = new List<string>();
            while (_progress.TryDequeue(out var progress))
            {
                taken.Add(progress);
            }

            return taken;
        }

        /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            try
            {
                return await _signal.Reader.ReadAsync(timer.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        public void Dispose() => unsubscribe();
    }
}
