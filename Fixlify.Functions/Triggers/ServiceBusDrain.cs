using Azure.Messaging.ServiceBus;
using Fixlify.Data;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fixlify.Triggers;

/// <summary>
/// The scheduler tick's first part: long-polls the Service Bus queue for most of the tick, dispatches each event,
/// marks it processed and completes the message; abandons it on a failure (Service Bus redelivers it and, after
/// MaxDeliveryCount, dead-letters it); dead-letters at once a message that cannot be an event.
/// </summary>
public sealed class ServiceBusDrain(ServiceBusReceiver receiver, EventDispatcher dispatcher, ServiceDatabase database, ILogger<ServiceBusDrain> logger)
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
            foreach (var message in messages)
            {
                handled += await HandleAsync(client, message, cancellationToken) ? 1 : 0;
            }
        }

        return handled;
    }

    async Task<bool> HandleAsync(DurableTaskClient client, ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        var (automationEvent, problem) = AutomationEvent.FromJson(message.Body.ToString());
        if (automationEvent is null)
        {
            Log.DeadLettered(logger, message.MessageId, problem!);
            await receiver.DeadLetterMessageAsync(message, "MalformedEvent", problem, cancellationToken);
            return false;
        }

        try
        {
            await dispatcher.DispatchAsync(client, automationEvent, cancellationToken);
            await using (var transaction = await database.BeginAsync(cancellationToken))
            {
                await EventOutbox.MarkProcessedAsync(transaction, [automationEvent.Id], cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            await receiver.CompleteMessageAsync(message, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Abandoned(logger, e, message.MessageId);
            await receiver.AbandonMessageAsync(message, cancellationToken: cancellationToken);
            return false;
        }
    }
}
