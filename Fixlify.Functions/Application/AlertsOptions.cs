namespace Fixlify.Application;

/// <summary>The office alerts' sender (<c>Alerts__*</c>).</summary>
internal sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>Whether this process sends the alerts (every host may: each message is claimed once).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the sender looks for something to tell when nothing woke it (a failure on another host).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
