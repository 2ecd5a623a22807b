namespace Fixlify.Application;

/// <summary>Nobody listens: the default until the alerts register themselves.</summary>
internal sealed class NoProviderOutages : IProviderOutages
{
    public Task OpenedAsync(ProviderOutage outage, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ClosedAsync(ProviderOutage outage, CancellationToken cancellationToken) => Task.CompletedTask;
}
