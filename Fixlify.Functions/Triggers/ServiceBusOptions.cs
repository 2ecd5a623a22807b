namespace Fixlify.Triggers;

/// <summary>Azure Service Bus, between the relay and the scheduler. Off when neither connection setting is given.</summary>
internal sealed class ServiceBusOptions
{
    public const string Section = "ServiceBus";

    /// <summary>A connection string (local tools, or where managed identity is not available).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary><c>name.servicebus.windows.net</c>: connect with the app's managed identity (preferred in Azure).</summary>
    public string FullyQualifiedNamespace { get; set; } = "";

    public string QueueName { get; set; } = "automation-events";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);
}
