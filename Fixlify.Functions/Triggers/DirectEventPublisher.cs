using Fixlify.Data;
using Microsoft.DurableTask.Client;

namespace Fixlify.Triggers;

/// <summary>Without Service Bus (the standalone host): the relay's wake-up dispatches the events itself, at once, a batch at a time.</summary>
internal sealed class DirectEventPublisher(EventDispatcher dispatcher, DurableTaskClient client) : IEventPublisher
{
    public bool Dispatches => true;

    public Task PublishAsync(IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(client, events, cancellationToken);
}
