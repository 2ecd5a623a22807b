namespace Fixlify.Engine;

/// <summary>Outages held, not failed: the providers' circuits and the held steps (<c>Holds</c> section, ADR 0019).</summary>
internal sealed class HoldOptions
{
    public const string Section = "Holds";

    /// <summary>Failures in a row (of any of the organization's messages) that open a provider's circuit; a step's last attempt opens it too.</summary>
    public int OpenAfter { get; set; } = 5;

    /// <summary>
    /// How often one held step tries the provider while its circuit is open; the other held steps ask how it went just
    /// after each probe (5 s, or half this when shorter), so a held message goes about this long after the provider is back.
    /// </summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a held step asks whether it may go when no probe is due (and a paused automation's held steps).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many held steps of a provider go at once when it answers again, oldest first.</summary>
    public int ReleaseBatch { get; set; } = 20;

    /// <summary>How soon a held step not yet let go (others are before it) asks again once the provider answers.</summary>
    public TimeSpan ReleaseInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a step is held; then it fails, saying why.</summary>
    public TimeSpan MaxHold { get; set; } = TimeSpan.FromHours(24);
}
