using Azure.Messaging.ServiceBus;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fixlify.Triggers;

/// <summary>
/// The scheduler tick's first part: long-polls the Service Bus queue for most of the tick, dispatches each batch of
/// events together, marks them processed and completes the messages; abandons them on a failure (Service Bus redelivers it and, after
/// MaxDeliveryCount, dead-letters it); dead-letters at once a message that cannot be an event.
/// </summary>
internal sealed class ServiceBusDrain(ServiceBusReceiver receiver, EventDispatcher dispatcher, ServiceDatabase database, ILogger<ServiceBusDrain> logger)
{
    /// <returns>How many events were dispatched.</returns>
    public async Task<int> DrainAsync(DurableTaskClient client, TimeSpan budget, CancellationToken cancellationToken)
    {
        var handled = 0;
        var deadline = DateTimeOffset.UtcNow + budget;
        while (DateTimeOffset.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            var wait = deadline - DateTimeOffset.UtcNow;
            var messages = await receiver.ReceiveMessagesAsync(50, wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5), cancellationToken);
            handled += await HandleAsync(client, messages, cancellationToken);
        }

        return handled;
    }

    /// <summary>Dispatches a received batch together: all are completed, or (on a failure) all are abandoned; junk is dead-lettered.</summary>
    async Task<int> HandleAsync(DurableTaskClient client, IReadOnlyList<ServiceBusReceivedMessage> messages, CancellationToken cancellationToken)
    {
        var events = new List<(ServiceBusReceivedMessage Message, AutomationEvent Event)>();
        foreach (var message in messages)
        {
            var (automationEvent, problem) = AutomationEvent.FromJson(message.Body.ToString());
            if (automationEvent is { EventType: var type } && (TriggerType.Find(type) is not { } known || known == TriggerType.Manual))
            {
                (automationEvent, problem) = (null, $"Unknown event type '{type}'.");
            }

            if (automationEvent is null)
            {
                Log.DeadLettered(logger, message.MessageId, problem!);
                await receiver.DeadLetterMessageAsync(message, "MalformedEvent", problem, cancellationToken);
                continue;
            }

            events.Add((message, automationEvent));
        }

        if (events.Count == 0)
        {
            return 0;
        }

        try
        {
            await dispatcher.DispatchAsync(client, [.. events.Select(e => e.Event)], cancellationToken);
            await using (var transaction = await database.BeginAsync(cancellationToken))
            {
                await EventOutbox.MarkProcessedAsync(transaction, [.. events.Select(e => e.Event.Id)], cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var (message, _) in events)
            {
                Log.Abandoned(logger, e, message.MessageId);
                await receiver.AbandonMessageAsync(message, cancellationToken: cancellationToken);
            }

            return 0;
        }

        foreach (var (message, _) in events)
        {
            await receiver.CompleteMessageAsync(message, cancellationToken);
        }

        return events.Count;
    }
}
