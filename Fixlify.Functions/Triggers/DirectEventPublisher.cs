using Fixlify.Data;
using Microsoft.DurableTask.Client;

namespace Fixlify.Triggers;

/// <summary>Without Service Bus (the standalone host): the relay's wake-up dispatches the events itself, at once.</summary>
public sealed class DirectEventPublisher(EventDispatcher dispatcher, DurableTaskClient client) : IEventPublisher
{
    public bool Dispatches => true;

    public async Task PublishAsync(IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken)
    {
        foreach (var automationEvent in events)
        {
            await dispatcher.DispatchAsync(client, automationEvent, cancellationToken);
        }
    }
}
