using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fixlify.Data;

/// <summary>
/// Wakes the live streams after execution updates commit, with at most one <c>pg_notify</c> per
/// <see cref="Interval"/> for this process, on its own connection. A NOTIFY takes a database-wide lock until its
/// transaction commits, so the engine's transactions never notify themselves: they record their updates and call
/// <see cref="Changed"/>; this coalesces them (payload: the organizations' ids, comma-separated). Progress of a long
/// task (a backtest) goes the same way (<see cref="Progress"/>), the latest of each task only, as a JSON payload
/// <c>{"organizationId": …, "progress": {…}}</c> that no table keeps.
/// </summary>
internal sealed class ExecutionUpdateNotifier(ServiceDatabase database, ILogger<ExecutionUpdateNotifier> logger) : BackgroundService
{
    public const string Channel = "automation_execution_updates";

    /// <summary>The longest a stream waits, beyond the commit, to hear of an update (ms).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>A NOTIFY payload must stay under 8,000 bytes: this many ids (37 bytes each with the comma) fit.</summary>
    const int IdsPerNotification = 200;

    readonly ConcurrentDictionary<Guid, byte> _changed = new();
    readonly ConcurrentDictionary<Guid, string> _progress = new();
    readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Says that <paramref name="organizationId"/>'s executions changed (call after the commit).</summary>
    public void Changed(Guid organizationId)
    {
        if (_changed.TryAdd(organizationId, 0))
        {
            Wake();
        }
    }

    /// <summary>
    /// Says how far task <paramref name="taskId"/> of <paramref name="organizationId"/> has come (<paramref name="progress"/>,
    /// a small JSON object for the organization's streams); a newer report of the same task replaces one not sent yet.
    /// </summary>
    public void Progress(Guid organizationId, Guid taskId, JsonObject progress)
    {
        _progress[taskId] = new JsonObject { ["organizationId"] = organizationId.ToString(), ["progress"] = progress.DeepClone() }.ToJsonString();
        Wake();
    }

    void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(stoppingToken);
                await NotifyAsync(stoppingToken);
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                // The updates are recorded: streams still find them on their next poll.
                Log.UpdateNotifyFailed(logger, e);
            }
        }
    }

    async Task NotifyAsync(CancellationToken cancellationToken)
    {
        var organizations = _changed.Keys.ToList();
        foreach (var organization in organizations)
        {
            _changed.TryRemove(organization, out _);
        }

        var progress = new List<string>();
        foreach (var task in _progress.Keys)
        {
            if (_progress.TryRemove(task, out var payload))
            {
                progress.Add(payload);
            }
        }

        foreach (var payload in organizations.Chunk(IdsPerNotification).Select(chunk => string.Join(',', chunk)).Concat(progress))
        {
            await using var transaction = await database.BeginAsync(cancellationToken);
            // Nothing here is worth an fsync: losing this wake-up only delays a stream until its next poll.
            await transaction.ExecuteAsync("SET LOCAL synchronous_commit TO off", null, cancellationToken);
            await transaction.ExecuteAsync($"SELECT pg_notify('{Channel}', @payload)", new { payload }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
