namespace Fixlify.Triggers;

/// <summary>The LISTEN/NOTIFY relay from the outbox.</summary>
internal sealed class RelayOptions
{
    public const string Section = "Relay";

    /// <summary>Run the relay in this process (the Functions host also needs Service Bus configured).</summary>
    public bool Enabled { get; set; } = true;

    public int BatchSize { get; set; } = 100;

    /// <summary>How often the outbox is read when no notification arrives (a NOTIFY can be missed).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}
