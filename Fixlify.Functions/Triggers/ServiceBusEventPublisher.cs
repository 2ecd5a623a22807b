using Azure.Messaging.ServiceBus;
using Fixlify.Data;

namespace Fixlify.Triggers;

/// <summary>
/// Sends events to the Service Bus queue in batches: MessageId = event id (the queue's duplicate detection drops a
/// resend), Subject = event type, the organization and type as application properties, the event as JSON.
/// </summary>
internal sealed class ServiceBusEventPublisher(ServiceBusSender sender) : IEventPublisher
{
    public bool Dispatches => false;

    public async Task PublishAsync(IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken)
    {
        var batch = await sender.CreateMessageBatchAsync(cancellationToken);
        try
        {
            foreach (var automationEvent in events)
            {
                var message = ToMessage(automationEvent);
                if (batch.TryAddMessage(message))
                {
                    continue;
                }

                if (batch.Count == 0)
                {
                    throw new InvalidOperationException($"Event {automationEvent.Id} is larger than a Service Bus message may be.");
                }

                await sender.SendMessagesAsync(batch, cancellationToken);
                batch.Dispose();
                batch = await sender.CreateMessageBatchAsync(cancellationToken);
                if (!batch.TryAddMessage(message))
                {
                    throw new InvalidOperationException($"Event {automationEvent.Id} is larger than a Service Bus message may be.");
                }
            }

            if (batch.Count > 0)
            {
                await sender.SendMessagesAsync(batch, cancellationToken);
            }
        }
        finally
        {
            batch.Dispose();
        }
    }

    public static ServiceBusMessage ToMessage(AutomationEvent automationEvent)
    {
        var message = new ServiceBusMessage(BinaryData.FromString(automationEvent.ToJson().ToJsonString()))
        {
            MessageId = automationEvent.Id.ToString(),
            Subject = automationEvent.EventType,
            ContentType = "application/json",
        };
        message.ApplicationProperties["organizationId"] = automationEvent.OrganizationId.ToString();
        message.ApplicationProperties["eventType"] = automationEvent.EventType;
        return message;
    }
}
