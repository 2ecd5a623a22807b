using Fixlify.Data;

namespace Fixlify.Triggers;

/// <summary>Where the relay passes events on: Service Bus, or (no Service Bus) straight to the dispatcher.</summary>
internal interface IEventPublisher
{
    /// <summary>True when publishing dispatches the events, so the relay marks them processed (not just relayed).</summary>
    bool Dispatches { get; }

    /// <summary>Passes the events on, all or none: an exception leaves every one of them in the outbox.</summary>
    Task PublishAsync(IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken);
}
