using System.Collections.Concurrent;
using Fixlify.Application;

namespace Fixlify.Tests.Fixtures;

/// <summary>Records what the circuits tell the office (<see cref="IProviderOutages"/>), in order.</summary>
internal sealed class RecordingProviderOutages : IProviderOutages
{
    readonly ConcurrentQueue<(string Transition, ProviderOutage Outage)> _told = new();

    public IReadOnlyList<(string Transition, ProviderOutage Outage)> Told => [.. _told];

    public IReadOnlyList<(string Transition, ProviderOutage Outage)> Of(string provider) => [.. _told.Where(t => t.Outage.Provider == provider)];

    public Task OpenedAsync(ProviderOutage outage, CancellationToken cancellationToken)
    {
        _told.Enqueue(("opened", outage));
        return Task.CompletedTask;
    }

    public Task ClosedAsync(ProviderOutage outage, CancellationToken cancellationToken)
    {
        _told.Enqueue(("closed", outage));
        return Task.CompletedTask;
    }
}
