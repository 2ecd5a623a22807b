using System.Collections.Concurrent;

namespace Fixlify.Hosting;

/// <summary>
/// The work items the task hub completed through this process: activities and orchestrator episodes (an episode is one
/// run of the orchestrator, from its start or an activity's result to its next await). In all, always; per instance only
/// once <see cref="CountPerInstance"/> is on (a test's), so a long-running host keeps no map of every execution it ran.
/// </summary>
internal sealed class WorkItemTally
{
    long _activities;
    long _episodes;
    ConcurrentDictionary<string, (int Activities, int Episodes)>? _perInstance;

    public long Activities => Interlocked.Read(ref _activities);

    public long Episodes => Interlocked.Read(ref _episodes);

    /// <summary>Starts counting per instance (from now on).</summary>
    public void CountPerInstance() => Interlocked.CompareExchange(ref _perInstance, new(StringComparer.Ordinal), null);

    /// <summary>The activities and episodes <paramref name="instanceId"/> completed since counting per instance began.</summary>
    public (int Activities, int Episodes) Of(string instanceId) =>
        _perInstance is { } counts && counts.TryGetValue(instanceId, out var count) ? count : (0, 0);

    public void Activity(string instanceId)
    {
        Interlocked.Increment(ref _activities);
        _perInstance?.AddOrUpdate(instanceId, (1, 0), (_, c) => (c.Activities + 1, c.Episodes));
    }

    public void Episode(string instanceId)
    {
        Interlocked.Increment(ref _episodes);
        _perInstance?.AddOrUpdate(instanceId, (0, 1), (_, c) => (c.Activities, c.Episodes + 1));
    }
}
