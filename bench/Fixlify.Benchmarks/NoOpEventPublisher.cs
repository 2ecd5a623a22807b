using Fixlify.Data;
using Fixlify.Triggers;

namespace Fixlify.Benchmarks;

/// <summary>A relay's sender that sends nothing, so a benchmark measures the outbox, not Service Bus.</summary>
internal sealed class NoOpEventPublisher : IEventPublisher
{
    public bool Dispatches => false;

    public Task PublishAsync(IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken) => Task.CompletedTask;
}
